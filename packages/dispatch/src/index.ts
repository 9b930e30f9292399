export { dispatch } from "./dispatch.js";
export { mountUrl, type MountUrlOptions } from "./mount-url.js";
export { MOUNT_KEY, ROUTING_ARGS_KEY, type DispatchOptions, type MountMatch, type Mounts, type RoutingArgs } from "./types.js";
