// The app `tsgi serve` loads in bench/serve.ts: hello, body encoded once.
const body = new TextEncoder().encode("Hello World!");
export const app = (environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain; charset=utf-8"]]);
  return [body];
};
