export { dispatch } from "./dispatch.js";
export { MOUNT_KEY, ROUTING_ARGS_KEY, getMount, getRoutingArgs } from "./environ-keys.js";
export { mountUrl, type MountUrlOptions } from "./mount-url.js";
export type { DispatchOptions, Mounts, RoutingArgs } from "./types.js";
