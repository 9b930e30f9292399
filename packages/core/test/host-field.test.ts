import { describe, expect, it } from "vitest";
import { isHostField } from "../src/index.js";

describe("isHostField", () => {
  it.each(["example.com", "example.com:8080", "[2001:db8::1]:443", "10.0.0.1", ""])("accepts %j", (host) => {
    expect(isHostField(host)).toBe(true);
  });

  it.each(["evil.test/?", "user@evil.test", "a b", "evil.test:99999x", "bank.test, evil.test", "x\r\ny"])("refuses %j", (host) => {
    expect(isHostField(host)).toBe(false);
  });
});
