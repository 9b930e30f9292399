// The hello app `tsgi serve` loads in bench:frameworks: the bytes of raw-hello.ts, encoded once.
const body = new TextEncoder().encode("Hello world!\n");
export const app = (_environ, startResponse) => {
  startResponse("200 OK", [["Content-type", "text/plain; charset=utf-8"]]);
  return [body];
};
