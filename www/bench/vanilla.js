// The js-framework-benchmark "keyed" app in hand-written plain JS: the baseline.
// Rows are cloned from a template; the store keeps data and row elements in step.
import { build } from "./rows.js";

let data = [];
let rows = [];
let selectedRow = null;
const tbody = document.getElementById("tbody");
const template = document.createElement("template");
template.innerHTML = "<tr><td class='col-md-1'></td><td class='col-md-4'><a></a></td>" +
  "<td class='col-md-1'><a><span class='glyphicon glyphicon-remove' aria-hidden='true'></span></a></td>" +
  "<td class='col-md-6'></td></tr>";
const rowTemplate = template.content.firstChild;

function createRow(item) {
  const tr = rowTemplate.cloneNode(true);
  tr.firstChild.textContent = item.id;
  tr.childNodes[1].firstChild.textContent = item.label;
  tr.item = item;
  return tr;
}

function append(items) {
  const fragment = document.createDocumentFragment();
  for (const item of items) {
    const tr = createRow(item);
    rows.push(tr);
    fragment.appendChild(tr);
  }
  tbody.appendChild(fragment);
}

function clear() {
  data = [];
  rows = [];
  selectedRow = null;
  tbody.textContent = "";
}

const actions = {
  run() { clear(); data = build(1000); append(data); },
  runlots() { clear(); data = build(10000); append(data); },
  add() { const more = build(1000); data = data.concat(more); append(more); },
  update() {
    for (let i = 0; i < data.length; i += 10) {
      data[i].label += " !!!";
      rows[i].childNodes[1].firstChild.firstChild.nodeValue = data[i].label;
    }
  },
  clear,
  swaprows() {
    if (data.length <= 998) return;
    const a = rows[1], b = rows[998];
    [data[1], data[998]] = [data[998], data[1]];
    [rows[1], rows[998]] = [b, a];
    const afterB = b.nextSibling;
    tbody.insertBefore(b, a);
    tbody.insertBefore(a, afterB);
  },
};

document.getElementById("main").addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (button && actions[button.id]) {
    event.preventDefault();
    actions[button.id]();
    return;
  }
  const link = event.target.closest("a");
  if (!link) return;
  const tr = link.closest("tr");
  if (link.parentNode.classList.contains("col-md-4")) {
    if (selectedRow) selectedRow.className = "";
    tr.className = "danger";
    selectedRow = tr;
  } else {
    const index = rows.indexOf(tr);
    rows.splice(index, 1);
    data.splice(index, 1);
    if (selectedRow === tr) selectedRow = null;
    tr.remove();
  }
});
document.documentElement.dataset.bench = "ready";
