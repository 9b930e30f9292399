// The 100 KiB JSON body of the rewrite benchmark, built once and shared by
// the tsgi and the Express servers so both compress the very same bytes.
const items = Array.from({ length: 1100 }, (_, i) => ({
  id: i,
  name: `item number ${i}`,
  tags: ["alpha", "beta", i % 3 === 0 ? "gamma" : "delta"],
  price: Math.round(((i * 7919) % 10000) / 3) / 100,
  active: i % 2 === 0,
}));
export const json = Buffer.from(JSON.stringify(items).slice(0, 100 * 1024 - 2) + "{}");
