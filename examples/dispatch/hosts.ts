// Host-based mounting (Paste's vhost / connect's vhost, with ports): one process answers
// for the marketing site, the admin console, an API on its own port and every tenant
// subdomain. Host keys beat path keys, so /static on a tenant's host is the tenant's.
import type { App } from "@tsgi/core";
import { dispatch, getRoutingArgs } from "@tsgi/dispatch";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function say(text: (environ: Parameters<App>[0]) => string): App {
  return (environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain; charset=utf-8"]]);
    return [encode(text(environ) + "\n")];
  };
}

const www = say((e) => `www ${e.PATH_INFO}`);
const admin = say((e) => `admin ${e.PATH_INFO}`);
const api = say((e) => `api on :8080 ${e.PATH_INFO}`);
// The tenant is the label the `*` matched: with params, the first positional routing arg.
const tenant = say((e) => `tenant ${getRoutingArgs(e)[0][0] ?? "?"} ${e.PATH_INFO}`);
const assets = say((e) => `shared assets ${e.PATH_INFO}`);

export const hosts = dispatch(
  {
    "//admin.example.com/": admin,
    "//api.example.com:8080/": api,
    "//*.example.com/": tenant,
    "//www.example.com/": www,
    "//example.com/": www,
    "/static": assets, // any other host (and no Host at all, HTTP/1.0)
  },
  { params: true },
);
