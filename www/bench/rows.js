// The js-framework-benchmark's row data, shared by the plain-JS and Preact apps: labels
// from these word lists, ids counting up across creates.
const A = ["pretty", "large", "big", "small", "tall", "short", "long", "handsome", "plain", "quaint", "clean",
  "elegant", "easy", "angry", "crazy", "helpful", "mushy", "odd", "unsightly", "adorable", "important",
  "inexpensive", "cheap", "expensive", "fancy"];
const C = ["red", "yellow", "blue", "green", "pink", "brown", "purple", "brown", "white", "black", "orange"];
const N = ["table", "chair", "house", "bbq", "desk", "car", "pony", "cookie", "sandwich", "burger", "pizza", "mouse", "keyboard"];
const pick = (list) => list[Math.round(Math.random() * 1000) % list.length];

let nextId = 1;

/** `count` new rows: `{id, label}`. */
export function build(count) {
  const out = new Array(count);
  for (let i = 0; i < count; i++) out[i] = { id: nextId++, label: `${pick(A)} ${pick(C)} ${pick(N)}` };
  return out;
}
