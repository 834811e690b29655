// The js-framework-benchmark "keyed" app in Preact 11, the way its docs and the
// benchmark's own preact-classes implementation write it: a Main component holding the
// rows and the selection in state, keyed Row components that skip re-rendering with
// shouldComponentUpdate, delegated clicks through Preact's own handlers. No JSX (no
// build step): h() calls, as JSX compiles to.
import { Component, h, render } from "./preact.mjs";
import { build } from "./rows.js";

class Row extends Component {
  shouldComponentUpdate(next) {
    return next.item !== this.props.item || next.selected !== this.props.selected;
  }

  render({ item, selected, select, remove }) {
    return h("tr", { className: selected ? "danger" : "" },
      h("td", { className: "col-md-1" }, item.id),
      h("td", { className: "col-md-4" }, h("a", { onClick: () => select(item.id) }, item.label)),
      h("td", { className: "col-md-1" },
        h("a", { onClick: () => remove(item.id) }, h("span", { className: "glyphicon glyphicon-remove", "aria-hidden": "true" }))),
      h("td", { className: "col-md-6" }));
  }
}

function Button({ id, title, onClick }) {
  return h("div", { className: "col-sm-6 smallpad" },
    h("button", { type: "button", className: "btn btn-primary btn-block", id, onClick }, title));
}

class Main extends Component {
  state = { data: [], selected: 0 };

  run = () => this.setState({ data: build(1000), selected: 0 });
  runLots = () => this.setState({ data: build(10000), selected: 0 });
  add = () => this.setState({ data: this.state.data.concat(build(1000)) });
  update = () => {
    const data = this.state.data.slice();
    for (let i = 0; i < data.length; i += 10) data[i] = { ...data[i], label: data[i].label + " !!!" };
    this.setState({ data });
  };
  clear = () => this.setState({ data: [], selected: 0 });
  swapRows = () => {
    const data = this.state.data.slice();
    if (data.length > 998) [data[1], data[998]] = [data[998], data[1]];
    this.setState({ data });
  };
  select = (id) => this.setState({ selected: id });
  remove = (id) => this.setState({ data: this.state.data.filter((item) => item.id !== id) });

  render(_, { data, selected }) {
    return h("div", { className: "container" },
      h("div", { className: "jumbotron row" },
        h("div", { className: "col-md-6" }, h("h1", null, "Preact keyed")),
        h("div", { className: "col-md-6 row" },
          h(Button, { id: "run", title: "Create 1,000 rows", onClick: this.run }),
          h(Button, { id: "runlots", title: "Create 10,000 rows", onClick: this.runLots }),
          h(Button, { id: "add", title: "Append 1,000 rows", onClick: this.add }),
          h(Button, { id: "update", title: "Update every 10th row", onClick: this.update }),
          h(Button, { id: "clear", title: "Clear", onClick: this.clear }),
          h(Button, { id: "swaprows", title: "Swap Rows", onClick: this.swapRows }))),
      h("table", { className: "table table-hover table-striped test-data" },
        h("tbody", { id: "tbody" }, data.map((item) => h(Row, {
          key: item.id, item, selected: item.id === selected, select: this.select, remove: this.remove,
        })))),
      h("span", { className: "preloadicon glyphicon glyphicon-remove", "aria-hidden": "true" }));
  }
}

render(h(Main), document.getElementById("main"));
document.documentElement.dataset.bench = "ready";
