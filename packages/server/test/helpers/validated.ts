import { validate, type App } from "@tsgi/core";

/** The app wrapped in the spec validator (throw mode), so every server test also checks what the server hands the app. */
export function validated(app: App): App {
  return validate(app, { mode: "throw" });
}
