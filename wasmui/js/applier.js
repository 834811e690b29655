// wasmui applier: replays one commit's DOM operations, sent from Python as one JSON
// string (see wasmui/ops.py for the opcode table; a test checks the two agree).
//
// Nodes are known by integer ids chosen in Python; this file keeps the id -> Node map
// and forgets a subtree's ids when it is removed, so nothing removed stays reachable.
// Events are delegated: one listener per root container and event type collects the
// nodes marked as handling that type from the target up to the container and calls the
// root's single dispatch proxy once with all of them (one crossing, one commit per event).
//
// A classic script whose completion value is the module object, so Python can load it
// with run_js from the wheel, and a page under a strict CSP can load it with a
// <script src> tag (it then sets globalThis.wasmuiApplier, which Python looks for first).
globalThis.wasmuiApplier = (() => {
  "use strict";

  const OP = Object.freeze({
    CREATE_ELEMENT: 1, CREATE_SVG_ELEMENT: 2, CREATE_TEXT: 3, CREATE_COMMENT: 4,
    SET_ATTR: 5, REMOVE_ATTR: 6, SET_PROP: 7, SET_STYLE: 8, SET_TEXT: 9,
    INSERT_BEFORE: 10, REMOVE: 11, CLEAR: 12, MARK_ANCHOR: 13,
    SET_EVENT: 14, REMOVE_EVENT: 15, DELEGATE: 16, SET_HTML: 17,
    DEFINE_TEMPLATE: 18, CLONE_TEMPLATE: 19, PORTAL: 20, CLOSE_PORTAL: 21,
  });
  const ARITY = Object.freeze({
    1: 3, 2: 3, 3: 3, 4: 2, 5: 3, 6: 2, 7: 3, 8: 3, 9: 2,
    10: 3, 11: 1, 12: 1, 13: 2, 14: 2, 15: 2, 16: 3, 17: 2,
    18: 4, 19: 4, 20: 4, 21: 1,
  });
  const SVG_NS = "http://www.w3.org/2000/svg";
  let markupPolicy = null;

  // Raw markup reaches the DOM only from wasmui.unsafe.html, an explicit opt-in in
  // the user's code; under `require-trusted-types-for 'script'` it goes through this
  // policy, so such a page needs no exception for wasmui's own writes.
  function trustedMarkup(markup) {
    if (markupPolicy === null) {
      markupPolicy = globalThis.trustedTypes?.createPolicy?.("wasmui-unsafe-html", { createHTML: (s) => s }) ?? false;
    }
    return markupPolicy ? markupPolicy.createHTML(markup) : markup;
  }

  // prevent_default (#26): the page decides at once, before any handler runs, for an
  // element that handles the event and declares it: "" for every type, else a list
  // (wasmui/events.py, prevents(), holds the same rule). One exception: a click on a link
  // with a modifier key or another button opens it elsewhere, the browser's own way (the
  // router's Link declares its clicks: a worker cannot decide in time).
  function prevents(node, type, event) {
    const declared = node.getAttribute("data-wasmui-prevent");
    if (declared === null || (declared !== "" && !declared.split(" ").includes(type))) return false;
    const elsewhere = event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0;
    return !(type === "click" && node.localName === "a" && elsewhere);
  }

  // `options.stale(id, name)`, if given, says a node's value or checked property on the
  // page is newer than the commit being applied (worker mode, #26: the user typed again
  // before the worker's answer to the earlier input arrived): that write is skipped.
  function createApplier(doc, options = {}) {
    const stale = options.stale;
    const nodes = new Map();
    const roots = new Map();
    const anchors = [];
    // template id -> { root: the prototype (detached, never in the document), paths: for
    // each hole node, the child indexes that lead to it from the root (the root's is []) }
    const templates = new Map();
    // portal targets (#24), held under ids of their own: never given a $wid, so the same
    // element (document.body) can hold several portals and stay outside `nodes`
    const targets = new Map();

    // A created node is appended to its parent at once when it names one (parent id
    // != 0): a new subtree's own nodes, or children filling an element in order.
    function own(node, id, parent) {
      node.$wid = id;
      nodes.set(id, node);
      if (parent !== 0) nodes.get(parent).appendChild(node);
    }

    // Drops the ids of a removed subtree so the map never keeps detached DOM alive. A
    // template instance's ids are its root's and the next $wn - 1 (its hole nodes), and
    // nothing inside it has others: no walk through its static nodes.
    function forget(node) {
      const id = node.$wid;
      if (id !== undefined) {
        nodes.delete(id);
        const count = node.$wn;
        if (count !== undefined) {
          for (let j = 1; j < count; j++) nodes.delete(id + j);
          return;
        }
      }
      for (let child = node.firstChild; child !== null; child = child.nextSibling) forget(child);
    }

    function pathTo(root, node) {
      const path = [];
      for (; node !== root; node = node.parentNode) path.unshift(Array.prototype.indexOf.call(node.parentNode.childNodes, node));
      return path;
    }

    function defineTemplate(templateId, rootId, holeIds, fills) {
      const root = nodes.get(rootId);
      const paths = [[], ...holeIds.map((id) => pathTo(root, nodes.get(id)))];
      forget(root);
      // per hole node: its fills, as [fill index, type] pairs (type "": a text)
      const fillsAt = paths.map(() => []);
      fills.forEach(([node, type], index) => fillsAt[node].push(index, type));
      templates.set(templateId, { root, paths, fillsAt });
    }

    // A template instance: one deep clone (as hand-written JS builds rows), then the
    // hole nodes found by their paths, given ids base, base + 1, ... and filled (texts,
    // handler marks) before the clone is placed.
    function cloneTemplate(templateId, base, parent, values) {
      const { root: prototype, paths, fillsAt } = templates.get(templateId);
      const root = prototype.cloneNode(true);
      for (let j = 0; j < paths.length; j++) {
        // walked by firstChild/nextSibling: childNodes[i] costs more (measured, 1,000 rows)
        const path = paths[j];
        let node = root;
        for (let step = 0; step < path.length; step++) {
          node = node.firstChild;
          for (let index = path[step]; index > 0; index--) node = node.nextSibling;
        }
        if (j > 0) own(node, base + j, 0);
        const fills = fillsAt[j];
        for (let f = 0; f < fills.length; f += 2) {
          const value = values[fills[f]];
          if (!value) continue;
          if (fills[f + 1] === "") node.data = value;
          else markEvent(node, fills[f + 1]);
        }
      }
      root.$wn = paths.length;
      own(root, base, parent);
    }

    function reference(ref) {
      if (ref > 0) return nodes.get(ref);
      return ref === 0 ? null : anchors[-ref];
    }

    // The one pending idle request: requestIdleCallback (its timeout bounds the wait on
    // a page that is never idle), or where it is missing (Safari) a timer; a request
    // while one is pending is the same request.
    let idleHandle = 0; // > 0: an idle callback's handle, < 0: a timer's, negated
    function whenIdle(callback, timeout) {
      if (idleHandle !== 0) return;
      const run = (deadline) => {
        idleHandle = 0;
        callback(deadline);
      };
      idleHandle = typeof requestIdleCallback === "function"
        ? requestIdleCallback(run, { timeout })
        : -setTimeout(run, timeout / 10);
    }

    function cancelIdle() {
      if (idleHandle > 0) cancelIdleCallback(idleHandle);
      else if (idleHandle < 0) clearTimeout(-idleHandle);
      idleHandle = 0;
    }

    // One commit: its ops as JSON, and (optionally) the idle request that frees what it
    // removed, in the same call.
    function apply(json, idle, idleTimeout) {
      if (idle !== undefined) whenIdle(idle, idleTimeout);
      const ops = JSON.parse(json);
      const count = ops.length;
      let i = 0;
      while (i < count) {
        const op = ops[i];
        switch (op) {
          case 1: own(doc.createElement(ops[i + 2]), ops[i + 1], ops[i + 3]); break;
          case 2: own(doc.createElementNS(SVG_NS, ops[i + 2]), ops[i + 1], ops[i + 3]); break;
          case 3: own(doc.createTextNode(ops[i + 2]), ops[i + 1], ops[i + 3]); break;
          case 4: own(doc.createComment(""), ops[i + 1], ops[i + 2]); break;
          case 5: nodes.get(ops[i + 1]).setAttribute(ops[i + 2], ops[i + 3]); break;
          case 6: nodes.get(ops[i + 1]).removeAttribute(ops[i + 2]); break;
          case 7: {
            // only when it differs: re-writing an input's own value would move the caret
            const node = nodes.get(ops[i + 1]);
            if (node[ops[i + 2]] !== ops[i + 3] && (stale === undefined || !stale(ops[i + 1], ops[i + 2]))) {
              node[ops[i + 2]] = ops[i + 3];
            }
            break;
          }
          case 8: {
            // CSSOM, never a style attribute: a strict CSP (no 'unsafe-inline') allows it
            const style = nodes.get(ops[i + 1]).style;
            const value = ops[i + 3];
            if (value === "") style.removeProperty(ops[i + 2]);
            else if (value.endsWith("!important")) style.setProperty(ops[i + 2], value.slice(0, -10).trim(), "important");
            else style.setProperty(ops[i + 2], value);
            break;
          }
          case 9: nodes.get(ops[i + 1]).data = ops[i + 2]; break;
          case 10: nodes.get(ops[i + 1]).insertBefore(nodes.get(ops[i + 2]), reference(ops[i + 3])); break;
          case 11: {
            const node = nodes.get(ops[i + 1]);
            node.remove();
            forget(node);
            break;
          }
          case 12: {
            const node = nodes.get(ops[i + 1]);
            for (let child = node.firstChild; child !== null; child = child.nextSibling) forget(child);
            node.textContent = "";
            break;
          }
          case 13: anchors[ops[i + 1]] = nodes.get(ops[i + 2]).nextSibling; break;
          case 14: markEvent(nodes.get(ops[i + 1]), ops[i + 2]); break;
          case 15: unmarkEvent(nodes.get(ops[i + 1]), ops[i + 2]); break;
          case 16: delegate(ops[i + 1], ops[i + 2], ops[i + 3] === 1); break;
          case 17: nodes.get(ops[i + 1]).innerHTML = trustedMarkup(ops[i + 2]); break;
          case 18: defineTemplate(ops[i + 1], ops[i + 2], ops[i + 3], ops[i + 4]); break;
          case 19: cloneTemplate(ops[i + 1], ops[i + 2], ops[i + 3], ops[i + 4]); break;
          case 20: openPortal(ops[i + 1], ops[i + 2], ops[i + 3], ops[i + 4]); break;
          case 21: closePortal(ops[i + 1]); break;
          default: throw new Error(`wasmui applier: unknown opcode ${op} at ${i}`);
        }
        i += 1 + ARITY[op];
      }
      anchors.length = 0;
      return hydrating.size ? hydrate() : undefined;
    }

    // A node's handled event types: one type as a plain string (nearly every node: a
    // click handler), a Set only for several, so a table of rows allocates no Set.
    function markEvent(node, type) {
      const types = node.$wev;
      if (types === undefined) node.$wev = type;
      else if (typeof types === "string") { if (types !== type) node.$wev = new Set([types, type]); }
      else types.add(type);
    }

    function unmarkEvent(node, type) {
      const types = node.$wev;
      if (types === type) node.$wev = undefined;
      else if (types !== undefined && typeof types !== "string") types.delete(type);
    }

    function handles(node, type) {
      const types = node.$wev;
      return types !== undefined && (types === type || (typeof types !== "string" && types.has(type)))
        && nodes.get(node.$wid) === node;
    }

    // Up one step towards the root's container: a portal's container goes on through
    // the portal's comment, its place in the tree (#24), not its DOM parent.
    function up(node) {
      const place = node.$wplace;
      return place === undefined ? node.parentNode : (nodes.get(place) ?? null);
    }

    // A root with portals hears an event in each of its containers the event passes
    // (a portal into an element inside the app): only the first one dispatches it.
    function firstHearing(root, event) {
      if (root.portals.size === 0) return true;
      if (event[root.seen] === true) return false;
      event[root.seen] = true;
      return true;
    }

    function delegate(rootId, type, bubbles) {
      const root = roots.get(rootId);
      if (root === undefined || root.listeners.has(type)) return;
      const container = root.container;
      const listener = bubbles
        ? (event) => {
            if (!firstHearing(root, event)) return;
            const ids = [];
            for (let node = event.target; node !== null && node !== container; node = up(node)) {
              if (handles(node, type)) {
                ids.push(node.$wid);
                if (prevents(node, type, event)) event.preventDefault();
              }
            }
            // the ids as arguments: numbers cross as Python ints, an array would cross as
            // a proxy that Python reads an element at a time
            if (ids.length) root.dispatch(type, event, ...ids);
          }
        : (event) => {
            // non-bubbling: heard in the capture phase, delivered to the target only
            if (firstHearing(root, event) && handles(event.target, type)) {
              if (prevents(event.target, type, event)) event.preventDefault();
              root.dispatch(type, event, event.target.$wid);
            }
          };
      container.addEventListener(type, listener, !bubbles);
      for (const wrapper of root.portals) wrapper.addEventListener(type, listener, !bubbles);
      root.listeners.set(type, [listener, !bubbles]);
    }

    // A portal's container goes to its target with the root's listeners; opened again, it
    // moves to a new target (the old one's hold is dropped).
    function openPortal(wrapperId, rootId, targetId, placeId) {
      const wrapper = nodes.get(wrapperId);
      const previous = wrapper.$wportal;
      if (previous !== undefined) {
        targets.delete(previous.target);
      } else {
        const root = roots.get(rootId);
        root.portals.add(wrapper);
        for (const [type, [listener, capture]] of root.listeners) wrapper.addEventListener(type, listener, capture);
      }
      wrapper.$wplace = placeId;
      wrapper.$wportal = { root: rootId, target: targetId };
      targets.get(targetId).appendChild(wrapper);
    }

    function closePortal(wrapperId) {
      const wrapper = nodes.get(wrapperId);
      const root = roots.get(wrapper.$wportal.root);
      if (root !== undefined) unlisten(root, wrapper);
      dropPortal(wrapper);
    }

    function dropPortal(wrapper) {
      targets.delete(wrapper.$wportal.target);
      wrapper.remove();
      forget(wrapper);
      delete wrapper.$wportal;
    }

    function unlisten(root, wrapper) {
      for (const [type, [listener, capture]] of root.listeners) wrapper.removeEventListener(type, listener, capture);
      root.portals.delete(wrapper);
    }

    // Hydration: a container marked data-wasmui-prerendered (by `wasmui build`) keeps its
    // pre-rendered DOM. Its first commit is built into a detached copy of the container,
    // then adopted node by node (see hydrate()), so what the user sees stays in place.
    const hydrating = new Map(); // root id -> the detached copy its first commit is built in

    function adopt(rootId, container, dispatch) {
      if (container.$wroot !== undefined) return 0;
      container.$wroot = rootId;
      roots.set(rootId, { container, dispatch, listeners: new Map(), portals: new Set(), seen: `$wseen${rootId}` });
      if (container.hasAttribute("data-wasmui-prerendered")) {
        const staging = container.cloneNode(false);
        hydrating.set(rootId, staging);
        nodes.set(rootId, staging);
        return 2;
      }
      if (container.$wheld !== undefined) {
        container.$wheld.release(); // its marker was taken away: the pre-rendered view is dropped
        delete container.$wheld;
      }
      container.replaceChildren();
      nodes.set(rootId, container);
      return 1;
    }

    // Separates adjacent text nodes in pre-rendered markup (HTML would merge them).
    const isSeparator = (node) => node.nodeType === 8 && node.data === "|";

    function sameKind(existing, fresh) {
      return existing.nodeType === fresh.nodeType
        && (fresh.nodeType !== 1 || (existing.namespaceURI === fresh.namespaceURI && existing.localName === fresh.localName));
    }

    function describe(node) {
      if (node === null) return "nothing";
      if (node.nodeType === 3) return `text ${JSON.stringify(node.data.slice(0, 40))}`;
      if (node.nodeType === 8) return "a comment";
      return `<${node.localName}>`;
    }

    // Where a node sits under the container, as a CSS-like path: "div > ul > li:nth-child(3)".
    function pathOf(container, node) {
      const parts = [];
      for (; node !== null && node !== container; node = node.parentNode) {
        const index = Array.prototype.indexOf.call(node.parentNode.childNodes, node) + 1;
        parts.unshift(node.nodeType === 1 ? `${node.localName}:nth-child(${index})` : `#${node.nodeType === 3 ? "text" : "comment"}(${index})`);
      }
      return parts.join(" > ");
    }

    // Makes `existing` the node wasmui knows by `fresh`'s id, with `fresh`'s attributes and
    // properties, keeping what the user changed before hydration (typed text, a ticked box).
    function claim(existing, fresh, container, mismatches) {
      if (fresh.$wid !== undefined) {
        existing.$wid = fresh.$wid;
        nodes.set(fresh.$wid, existing);
      }
      if (fresh.$wev !== undefined) existing.$wev = fresh.$wev;
      if (fresh.$wn !== undefined) existing.$wn = fresh.$wn;
      if (fresh.nodeType !== 1) {
        if (fresh.nodeType === 3 && existing.data !== fresh.data) {
          mismatches.push({ id: fresh.$wid ?? existing.parentNode.$wid ?? 0, path: pathOf(container, existing), expected: describe(fresh), found: describe(existing) });
          existing.data = fresh.data;
        }
        return;
      }
      for (const { name, value } of Array.from(fresh.attributes)) {
        if (name === "style") {
          if (existing.style.cssText !== fresh.style.cssText) existing.style.cssText = fresh.style.cssText;
        } else if (existing.getAttribute(name) !== value) {
          existing.setAttribute(name, value);
        }
      }
      for (const { name } of Array.from(existing.attributes)) {
        if (!fresh.hasAttribute(name)) existing.removeAttribute(name);
      }
      const tag = fresh.localName;
      if (tag === "input" || tag === "textarea" || tag === "select") {
        const typed = tag === "select" ? false : existing.value !== existing.defaultValue;
        if (!typed && existing.value !== fresh.value) existing.value = fresh.value;
        if (tag === "input" && existing.checked === existing.defaultChecked && existing.checked !== fresh.checked) {
          existing.checked = fresh.checked;
        }
        if (tag === "textarea") return; // its text is its value
      }
      hydrateChildren(existing, fresh, container, mismatches);
    }

    function hydrateChildren(parent, freshParent, container, mismatches) {
      let cursor = parent.firstChild;
      let fresh = freshParent.firstChild;
      while (fresh !== null) {
        const next = fresh.nextSibling;
        while (cursor !== null && isSeparator(cursor) && !isSeparator(fresh)) cursor = cursor.nextSibling;
        if (cursor !== null && sameKind(cursor, fresh)) {
          claim(cursor, fresh, container, mismatches);
          cursor = cursor.nextSibling;
        } else {
          // repaired: the live render's node goes in (an empty text node has no markup, so
          // its absence is no mismatch)
          if (!(fresh.nodeType === 3 && fresh.data === "")) {
            mismatches.push({ id: fresh.$wid ?? parent.$wid ?? 0, path: pathOf(container, cursor ?? parent), expected: describe(fresh), found: describe(cursor) });
          }
          parent.insertBefore(fresh, cursor);
        }
        fresh = next;
      }
      while (cursor !== null) {
        const next = cursor.nextSibling;
        if (!isSeparator(cursor)) {
          mismatches.push({ id: parent.$wid ?? 0, path: pathOf(container, cursor), expected: "nothing", found: describe(cursor) });
          cursor.remove();
        }
        cursor = next;
      }
    }

    // Adopts the pre-rendered DOM of each root whose first commit was just built: node
    // identity kept, the staging copy dropped, then the events the user caused before
    // hydration replayed on the same nodes (once this call has returned to Python).
    function hydrate() {
      const mismatches = [];
      for (const [rootId, staging] of hydrating) {
        const { container } = roots.get(rootId);
        const found = [];
        hydrateChildren(container, staging, container, found);
        container.removeAttribute("data-wasmui-prerendered");
        nodes.set(rootId, container);
        for (const mismatch of found) mismatches.push({ root: rootId, ...mismatch });
        const held = container.$wheld;
        if (held !== undefined) {
          delete container.$wheld;
          held.release();
          queueMicrotask(() => held.replay());
        }
      }
      hydrating.clear();
      return mismatches.length ? JSON.stringify(mismatches) : undefined;
    }

    function release(rootId) {
      const root = roots.get(rootId);
      if (root === undefined) return;
      for (const wrapper of Array.from(root.portals)) {
        unlisten(root, wrapper); // (its tree's unmount closed every portal: none is left, normally)
        dropPortal(wrapper);
      }
      for (const [type, [listener, capture]] of root.listeners) {
        root.container.removeEventListener(type, listener, capture);
      }
      delete root.container.$wroot;
      roots.delete(rootId);
      hydrating.delete(rootId);
      nodes.delete(rootId);
    }

    return {
      apply,
      whenIdle,
      cancelIdle,
      adopt,
      hydrating: (rootId) => hydrating.has(rootId),
      release,
      hold: (id, element) => { targets.set(id, element); },
      node: (id) => nodes.get(id), // undefined (Python: None) for an unknown id
      nodeCount: () => nodes.size, // the leak tests check the map forgets removed nodes
    };
  }

  // For the inspector: the string form (the Python repr, with the object's address) of
  // every live PyProxy in Pyodide's allocation-tracing map.
  function describeProxies(allocMap) {
    return allocMap ? Array.from(allocMap.keys(), String) : [];
  }

  // For outside tools: window.wasmui.report() returns the inspector's report as a plain
  // object (Python hands over JSON; a function built here needs no eval).
  function exposeReport(target, produceJson) {
    target.report = () => JSON.parse(produceJson());
  }

  // DOM reads (#26, wasmui/dom.py): one property path read, one method called, or one
  // existing property written (op "write", the value the first of the args), on a node
  // wasmui made or on the page's window or document; the answer as JSON, plain values
  // only, so it crosses a worker's message or the FFI alike and Python receives no proxy
  // to release. The same function serves both modes, so a read behaves the same wherever
  // Python runs.
  // -> {"ok": true, "value": ...} or {"ok": false, "gone": bool, "message": "..."}, or a
  // Promise of it when the method called returned one
  function query(node, op, path, argsJson) {
    const fail = (message, gone = false) => JSON.stringify({ ok: false, gone, message });
    const isWindow = node != null && node.window === node;
    if (!isWindow && !node?.isConnected) return fail("the element is gone (unmounted, or removed from the page)", true);
    let owner = node;
    let value = node;
    let at = "";
    const names = path.split(".");
    const written = op === "write" ? names.pop() : null; // a write reads up to the last name's owner
    for (const name of names) {
      if (value === null || value === undefined) return fail(`"${at}" is ${value}`);
      if (!(name in Object(value))) return fail(`no property "${at ? `${at}.` : ""}${name}" on ${describeValue(value)}`);
      owner = value;
      at = at ? `${at}.${name}` : name;
      try { value = value[name]; } catch (err) { return fail(`reading "${at}" threw ${err}`); }
    }
    if (op === "write") {
      if (value === null || typeof value !== "object") return fail(`"${at}" is ${describeValue(value)}: nothing to write "${written}" on`);
      const adds = Object.prototype.toString.call(value) === "[object DOMStringMap]"; // dataset: a new data-* attribute
      if (!(written in value) && !adds) return fail(`no property "${path}" on ${describeValue(value)} (a write sets an existing property only)`);
      try { value[written] = JSON.parse(argsJson)[0]; } catch (err) { return fail(`writing "${path}" threw ${err}`); }
      return JSON.stringify({ ok: true, value: null });
    }
    if (op === "call") {
      if (typeof value !== "function") return fail(`"${path}" is not a method (it is ${describeValue(value)})`);
      try { value = value.apply(owner, JSON.parse(argsJson)); } catch (err) { return fail(`"${path}" threw ${err}`); }
    } else if (typeof value === "function") {
      return fail(`"${path}" is a method: call it instead`);
    }
    const answer = (settled) => {
      try {
        return JSON.stringify({ ok: true, value: plain(settled) });
      } catch (err) {
        return fail(`"${path}" ${err.message}`);
      }
    };
    // a method that answers with a Promise (Chromium's scrollTo, scrollIntoView): its value
    // once settled, so the caller awaits the end of what it asked for
    if (typeof value?.then === "function") return Promise.resolve(value).then(answer, (err) => fail(`"${path}" rejected: ${err}`));
    return answer(value);
  }

  function describeValue(value) {
    if (value === null || typeof value !== "object") return typeof value === "string" ? "a string" : String(value === null ? null : typeof value);
    return value.nodeType === 1 ? `<${value.localName}>` : `a ${value.constructor?.name ?? "object"}`;
  }

  // A value as JSON takes it: a DOMRect by its toJSON (a dict of its fields), a list
  // (DOMRectList, DOMTokenList, arrays) item by item, a plain object field by field.
  function plain(value) {
    if (value === undefined || value === null) return null;
    const type = typeof value;
    if (type === "number" || type === "string" || type === "boolean") return value;
    if (type !== "object") throw new Error(`gave a ${type}, not a plain value`);
    if (typeof value.nodeType === "number") throw new Error(`gave a node (${describeValue(value)}): read one of its properties`);
    if (typeof value.toJSON === "function") return value.toJSON();
    if (Array.isArray(value) || (typeof value.length === "number" && typeof value[Symbol.iterator] === "function")) {
      return Array.from(value, plain);
    }
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    throw new Error(`gave ${describeValue(value)}, not a plain value: read one of its fields`);
  }

  // Observers' entries (#26, scope.observer(dom.ResizeObserver, ...)): the fields callbacks
  // read, as JSON for Python in either mode (wasmui/worker_protocol.py, decode_entries). A
  // node is {"$wid": its id} (0: not wasmui's), a rect its toJSON(), a box size its two sizes.
  const OBSERVED = [
    "target", "contentRect", "borderBoxSize", "contentBoxSize", "devicePixelContentBoxSize",
    "isIntersecting", "intersectionRatio", "boundingClientRect", "intersectionRect", "rootBounds", "time",
    "type", "attributeName", "attributeNamespace", "oldValue", "addedNodes", "removedNodes",
    "previousSibling", "nextSibling",
  ];

  function observedValue(value) {
    if (value === null || value === undefined) return null;
    if (typeof value !== "object") return value;
    if (typeof value.nodeType === "number") return { $wid: value.$wid ?? 0 };
    if (typeof value.toJSON === "function") return value.toJSON();
    if ("inlineSize" in value) return { inlineSize: value.inlineSize, blockSize: value.blockSize };
    if (typeof value.length === "number") return Array.from(value, observedValue);
    return null;
  }

  function observed(entries) {
    return JSON.stringify(Array.from(entries, (entry) => {
      const copy = {};
      for (const name of OBSERVED) if (name in entry) copy[name] = observedValue(entry[name]);
      return copy;
    }));
  }

  return { OP, ARITY, createApplier, describeProxies, exposeReport, observed, query };
})();
