// The js-framework-benchmark "keyed" app in Solid 1.9, as the benchmark's own solid
// implementation writes it (rows are {id, label} with the label a signal, <For> over the
// list, createSelector for the selection, delegated clicks), through solid-js/html tagged
// templates instead of its JSX compiler (no build step).
import { batch, createSelector, createSignal, For } from "solid-js";
import { render } from "solid-js/web";
import html from "solid-js/html";
import { build as buildRows } from "./rows.js";

function build(count) {
  return buildRows(count).map(({ id, label }) => {
    const [text, setText] = createSignal(label);
    return { id, label: text, setLabel: setText };
  });
}

function Main() {
  const [data, setData] = createSignal([]);
  const [selected, setSelected] = createSignal(0);
  const isSelected = createSelector(selected);
  const run = () => batch(() => { setData(build(1000)); setSelected(0); });
  const runLots = () => batch(() => { setData(build(10000)); setSelected(0); });
  const add = () => setData((d) => [...d, ...build(1000)]);
  const update = () => batch(() => {
    const d = data();
    for (let i = 0; i < d.length; i += 10) d[i].setLabel((label) => label + " !!!");
  });
  const swapRows = () => {
    const d = data().slice();
    if (d.length > 998) [d[1], d[998]] = [d[998], d[1]];
    setData(d);
  };
  const clear = () => batch(() => { setData([]); setSelected(0); });
  const remove = (id) => setData((d) => d.filter((row) => row.id !== id));
  // plain elements, not a Button component: solid-js/html passes a component a prop that
  // is a function of no arguments as a reactive getter (it would call the handler)
  const buttons = [["run", "Create 1,000 rows", run], ["runlots", "Create 10,000 rows", runLots],
    ["add", "Append 1,000 rows", add], ["update", "Update every 10th row", update], ["clear", "Clear", clear],
    ["swaprows", "Swap Rows", swapRows]];

  return html`<div class="container">
    <div class="jumbotron row">
      <div class="col-md-6"><h1>Solid keyed</h1></div>
      <div class="col-md-6 row">${buttons.map(([id, title, onClick]) => html`<div class="col-sm-6 smallpad">
        <button type="button" class="btn btn-primary btn-block" id=${id} onClick=${onClick}>${title}</button>
      </div>`)}</div>
    </div>
    <table class="table table-hover table-striped test-data"><tbody id="tbody">
      <${For} each=${data}>${(row) => html`<tr class=${() => (isSelected(row.id) ? "danger" : "")}>
        <td class="col-md-1" textContent=${row.id} />
        <td class="col-md-4"><a onClick=${() => setSelected(row.id)} textContent=${row.label} /></td>
        <td class="col-md-1"><a onClick=${() => remove(row.id)}><span class="glyphicon glyphicon-remove" aria-hidden="true" /></a></td>
        <td class="col-md-6" />
      </tr>`}<//>
    </tbody></table>
    <span class="preloadicon glyphicon glyphicon-remove" aria-hidden="true" />
  </div>`;
}

render(Main, document.getElementById("main"));
document.documentElement.dataset.bench = "ready";
