/* graphgrad's step player: one laid-out SVG, restyled step by step.

   The page (or notebook cell) holds a div.gg-player, whose id (say p1) prefixes the ids of the
   drawing inside it ("p1-t0": see autograd/viz/emit.py), with a JSON block:
     steps  [{lines: [caption lines], key: node id highlighted or null}, ...]
     run    {op or box id: the step whose backward sends its red arrows}
     done   {tensor id: the step after which its gradient is complete}
     tips   {node or edge id: tooltip text, values in full precision}
   graphgradPlayer(root) wires it up; nothing here is global but that one function. */
(function () {
  "use strict";
  var VERSION = 2;
  if (window.graphgradPlayer && window.graphgradPlayer.version >= VERSION) { return; }

  function start(root) {
    if (!root || root.getAttribute("data-gg-live") === "1") { return; }
    root.setAttribute("data-gg-live", "1");
    root.classList.add("gg-live");
    var standalone = root.getAttribute("data-standalone") === "1";
    var errors = root.querySelector(".gg-errors");
    function report(message) { errors.textContent += message + "\n"; }
    if (standalone) {
      window.addEventListener("error", function (event) {
        report("error: " + (event.message || event));
      });
    }
    var data = JSON.parse(root.querySelector(".gg-data").textContent);
    var prefix = root.id + "-";
    var stage = root.querySelector(".gg-stage");
    var svg = stage.querySelector("svg");
    var tip = root.querySelector(".gg-tip");
    var slider = root.querySelector(".gg-slider");
    var counter = root.querySelector(".gg-counter");
    var caption = root.querySelector(".gg-caption");
    var playButton = root.querySelector(".gg-play");
    var steps = data.steps;
    var last = steps.length - 1;
    var current = 0;
    var timer = null;
    var log = [];

    function keyOf(element) {
      var id = element.getAttribute("id") || "";
      return id.indexOf(prefix) === 0 ? id.slice(prefix.length) : id;
    }
    // the drawing's parts, by key
    var nodes = {};
    Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function (node) {
      nodes[keyOf(node)] = node;
    });
    var gradEdges = [];  // [element, step it arrives, key of the tensor it reaches]
    Array.prototype.forEach.call(svg.querySelectorAll("g.edge.grad"), function (edge) {
      var parts = keyOf(edge).split("_");  // g_<op or box>_<tensor>[_<position>]
      var at = data.run[parts[1]];
      gradEdges.push([edge, at === undefined ? 0 : at, parts[2]]);
    });
    var doneNodes = [];
    Object.keys(data.done).forEach(function (key) {
      if (nodes[key]) { doneNodes.push([nodes[key], data.done[key]]); }
    });

    // ---------------------------------------------------------------- the view: zoom and pan
    var box = svg.viewBox.baseVal;
    var graph = { x: box.x, y: box.y, width: box.width, height: box.height };
    var view = { scale: 1, cx: graph.x + graph.width / 2, cy: graph.y + graph.height / 2 };
    var moved = false;  // has the reader zoomed or panned? (then a resize keeps the view)
    var ratio = window.devicePixelRatio || 1;
    var smallest = 11;
    Array.prototype.forEach.call(svg.querySelectorAll("text"), function (text) {
      var size = parseFloat(text.getAttribute("font-size"));
      if (size > 0 && /\d/.test(text.textContent)) { smallest = Math.min(smallest, size); }
    });
    var readable = 10.5 / smallest;  // CSS px per drawing unit: no number under 10.5 px

    function size() { return { width: stage.clientWidth, height: stage.clientHeight }; }
    function apply() {
      var area = size();
      if (!area.width || !area.height) { return; }
      var width = area.width / view.scale, height = area.height / view.scale;
      svg.setAttribute("viewBox", [view.cx - width / 2, view.cy - height / 2, width,
        height].join(" "));
    }
    function fitScale() {
      var area = size();
      return Math.min(area.width / graph.width, area.height / graph.height) * 0.97;
    }
    function fit() {
      var fitted = fitScale();
      view.scale = Math.min(Math.max(fitted, readable), 2.4);
      view.cx = graph.x + graph.width / 2;
      view.cy = graph.y + graph.height / 2;
      moved = false;
      ratio = window.devicePixelRatio || 1;
      if (fitted < readable) { follow(true); }  // too big to fit legibly: show the current part
      apply();
    }
    function limits() {
      var fitted = fitScale() || 1;
      return [Math.min(fitted, readable) / 4, Math.max(readable, fitted) * 8];
    }
    function zoom(factor, x, y) {
      var area = size();
      if (x === undefined) { x = area.width / 2; y = area.height / 2; }
      var range = limits();
      var scale = Math.min(Math.max(view.scale * factor, range[0]), range[1]);
      var ux = view.cx + (x - area.width / 2) / view.scale;
      var uy = view.cy + (y - area.height / 2) / view.scale;
      view.cx = ux - (x - area.width / 2) / scale;
      view.cy = uy - (y - area.height / 2) / scale;
      view.scale = scale;
      moved = true;
      apply();
    }
    function pan(dx, dy) {
      view.cx -= dx / view.scale;
      view.cy -= dy / view.scale;
      moved = true;
      apply();
    }
    // a node's box in the coordinates of the svg's viewBox (getBBox gives them before the
    // graph group's own transform)
    var layer = svg.querySelector("g.graph");
    function bounds(element) {
      var shape;
      try { shape = element.getBBox(); } catch (error) { return null; }
      var matrix = layer && layer.transform.baseVal.consolidate();
      if (!matrix) { return shape; }
      var m = matrix.matrix;
      return { x: m.a * shape.x + m.e, y: m.d * shape.y + m.f,
               width: m.a * shape.width, height: m.d * shape.height };
    }
    // keep the current node in sight: centre on it when it is outside the middle 80 %
    function follow(always) {
      var key = steps[current].key || data.root;
      var node = key && nodes[key];
      var shape = node && bounds(node);
      if (!shape) { return; }
      var area = size();
      var width = area.width / view.scale, height = area.height / view.scale;
      var x = shape.x + shape.width / 2, y = shape.y + shape.height / 2;
      if (always || Math.abs(x - view.cx) > width * 0.4 || Math.abs(y - view.cy) > height * 0.4) {
        glide(inside(x, graph.x, graph.width, width), inside(y, graph.y, graph.height, height),
              always);
      }
    }
    // a centre that keeps the view on the drawing: no empty half-window past its edge
    function inside(centre, start, length, seen) {
      if (seen >= length) { return start + length / 2; }
      return Math.min(Math.max(centre, start + seen / 2), start + length - seen / 2);
    }
    var gliding = null;
    function glide(x, y, now) {
      if (gliding !== null) { clearTimeout(gliding); gliding = null; }
      var fromX = view.cx, fromY = view.cy, frame = 0, frames = now ? 0 : 12;
      function move() {
        frame += 1;
        var t = frames ? frame / frames : 1, ease = t * (2 - t);
        view.cx = fromX + (x - fromX) * ease;
        view.cy = fromY + (y - fromY) * ease;
        apply();
        gliding = t < 1 ? setTimeout(move, 20) : null;
      }
      move();
    }

    stage.addEventListener("wheel", function (event) {
      if (!standalone && !event.ctrlKey && !event.metaKey) { return; }  // a notebook scrolls
      event.preventDefault();
      var rect = stage.getBoundingClientRect();
      var delta = event.deltaY * (event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1);
      zoom(Math.exp(-delta * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
    }, { passive: false });
    var pointers = {};
    var pinch = null;
    stage.addEventListener("pointerdown", function (event) {
      pointers[event.pointerId] = [event.clientX, event.clientY];
      stage.setPointerCapture(event.pointerId);
      stage.classList.add("gg-dragging");
      root.focus({ preventScroll: true });
    });
    stage.addEventListener("pointermove", function (event) {
      var was = pointers[event.pointerId];
      if (!was) { showTip(event); return; }
      var ids = Object.keys(pointers);
      pointers[event.pointerId] = [event.clientX, event.clientY];
      if (ids.length === 1) {
        pan(event.clientX - was[0], event.clientY - was[1]);
      } else if (ids.length === 2) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        var distance = Math.hypot(a[0] - b[0], a[1] - b[1]);
        var rect = stage.getBoundingClientRect();
        if (pinch) {
          zoom(distance / pinch, (a[0] + b[0]) / 2 - rect.left, (a[1] + b[1]) / 2 - rect.top);
        }
        pinch = distance;
      }
    });
    function release(event) {
      delete pointers[event.pointerId];
      pinch = null;
      if (!Object.keys(pointers).length) { stage.classList.remove("gg-dragging"); }
    }
    stage.addEventListener("pointerup", release);
    stage.addEventListener("pointercancel", release);
    stage.addEventListener("pointerleave", function () { tip.hidden = true; });

    // ---------------------------------------------------------------- tooltips
    function showTip(event) {
      var element = event.target;
      while (element && element !== svg && !(element.classList &&
             (element.classList.contains("node") || element.classList.contains("edge")))) {
        element = element.parentNode;
      }
      var text = element && element !== svg ? data.tips[keyOf(element)] : null;
      if (!text || (element.classList.contains("gg-pending"))) { tip.hidden = true; return; }
      tip.textContent = text;
      tip.hidden = false;
      var rect = stage.getBoundingClientRect();
      var x = event.clientX - rect.left + 14, y = event.clientY - rect.top + 14;
      if (x + tip.offsetWidth > rect.width) { x = Math.max(0, x - tip.offsetWidth - 28); }
      if (y + tip.offsetHeight > rect.height) { y = Math.max(0, y - tip.offsetHeight - 28); }
      tip.style.left = x + "px";
      tip.style.top = y + "px";
    }

    // ---------------------------------------------------------------- the steps
    var highlighted = [];
    function show(step) {
      step = Math.max(0, Math.min(last, step | 0));
      current = step;
      var key = steps[step].key;
      highlighted.forEach(function (node) {
        node.classList.remove("gg-current");
        node.classList.remove("gg-receives");
      });
      highlighted = [];
      var shown = 0;
      gradEdges.forEach(function (entry) {
        var edge = entry[0], at = entry[1];
        edge.classList.toggle("gg-pending", at > step);
        edge.classList.toggle("gg-fresh", at === step && step > 0);
        if (at <= step) { shown += 1; }
        if (at === step && step > 0 && nodes[entry[2]]) {
          nodes[entry[2]].classList.add("gg-receives");
          highlighted.push(nodes[entry[2]]);
        }
      });
      doneNodes.forEach(function (entry) {
        entry[0].classList.toggle("gg-grad-pending", entry[1] > step);
      });
      if (key && nodes[key]) {
        nodes[key].classList.add("gg-current");
        highlighted.push(nodes[key]);
      }
      slider.value = String(step);
      counter.textContent = "step " + step + " of " + last;
      caption.textContent = "";
      var lines = steps[step].lines.slice();
      if (key && !nodes[key]) {
        lines.push("(this op is not drawn: only the nodes nearest the output are; " +
                   "player(..., max_nodes=None) draws all)");
      }
      lines.forEach(function (line) {
        var row = document.createElement("div");
        row.textContent = line;
        caption.appendChild(row);
      });
      root.setAttribute("data-step", String(step));
      follow(false);
      log.push({ step: step, current: key, shown: shown, svg: stage.querySelector("svg") === svg });
    }
    function stop() {
      if (timer !== null) { clearInterval(timer); timer = null; }
      playButton.innerHTML = "&#9654; play";
    }
    function play() {
      if (timer !== null) { stop(); return; }
      if (current >= last) { show(0); }
      playButton.innerHTML = "&#10074;&#10074; pause";
      timer = setInterval(function () {
        if (current >= last) { stop(); return; }
        show(current + 1);
      }, 1100);
    }
    var actions = {
      prev: function () { stop(); show(current - 1); },
      next: function () { stop(); show(current + 1); },
      play: play,
      zoomin: function () { zoom(1.25); },
      zoomout: function () { zoom(0.8); },
      fit: fit
    };
    Object.keys(actions).forEach(function (name) {
      var button = root.querySelector(".gg-" + name);
      if (button) { button.addEventListener("click", actions[name]); }
    });
    slider.addEventListener("input", function () { stop(); show(Number(slider.value)); });
    (standalone ? document : root).addEventListener("keydown", function (event) {
      if (event.target && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) &&
          event.target !== slider) { return; }
      var key = event.key, handled = true;
      if (key === "ArrowRight") { actions.next(); }
      else if (key === "ArrowLeft") { actions.prev(); }
      else if (key === " " || key === "Spacebar") { play(); }
      else if (key === "Home") { stop(); show(0); }
      else if (key === "End") { stop(); show(last); }
      else if (key === "+" || key === "=") { zoom(1.25); }
      else if (key === "-" || key === "_" || key === "\u2212") { zoom(0.8); }
      else if (key === "0") { fit(); }
      else { handled = false; }
      if (handled) { event.preventDefault(); event.stopPropagation(); }
    });

    // a resize refits, unless the reader moved the view; browser zoom (a new pixel ratio)
    // keeps the scale in CSS px, so that the graph grows with the page
    var sized = false;
    function resized() {
      var area = size();
      if (!area.width || !area.height) { return; }
      var newRatio = window.devicePixelRatio || 1;
      if (!sized || (!moved && newRatio === ratio)) { sized = true; fit(); return; }
      ratio = newRatio;
      apply();
    }
    if (window.ResizeObserver) { new ResizeObserver(resized).observe(stage); }
    window.addEventListener("resize", resized);

    // the test hooks (standalone pages only): #step=3, #press=next,zoomin, #keys=End,
    // #wheel=-240, #play, #measure=200 (writes what is shown into pre.gg-probe after 200 ms)
    function measure() {
      var probe = root.querySelector(".gg-probe") || document.createElement("pre");
      probe.className = "gg-probe";
      var drawn = svg.querySelector("g.graph").getBoundingClientRect();
      var rect = stage.getBoundingClientRect();
      var minimum = Infinity;
      Array.prototype.forEach.call(svg.querySelectorAll("text"), function (text) {
        if (!/\d/.test(text.textContent)) { return; }
        var matrix = text.getScreenCTM();
        var px = parseFloat(text.getAttribute("font-size")) * Math.hypot(matrix.a, matrix.b);
        minimum = Math.min(minimum, px);
      });
      var pending = [];
      Array.prototype.forEach.call(svg.querySelectorAll(".gg-grad-pending"), function (node) {
        pending.push(keyOf(node));
      });
      probe.textContent = JSON.stringify({
        window: [window.innerWidth, window.innerHeight],
        stage: [rect.left, rect.top, rect.width, rect.height],
        graph: [drawn.left, drawn.top, drawn.width, drawn.height],
        scale: view.scale, minNumberPx: minimum, step: current,
        caption: steps[current].lines, svgCount: root.querySelectorAll("svg").length,
        log: log, pendingGradients: pending
      });
      root.appendChild(probe);
    }
    function fromHash() {
      var hash = window.location.hash.replace(/^#/, "");
      if (!hash) { return; }
      hash.split("&").forEach(function (part) {
        var pair = part.split("=");
        if (pair[0] === "step") { stop(); show(Number(pair[1])); }
        else if (pair[0] === "press") {
          (pair[1] || "").split(",").forEach(function (name) {
            if (actions[name]) { actions[name](); }
          });
        } else if (pair[0] === "keys") {  // as if typed: keys=End,ArrowLeft,%2B
          decodeURIComponent(pair[1] || "").split(",").forEach(function (key) {
            document.dispatchEvent(new KeyboardEvent("keydown", { key: key, bubbles: true }));
          });
        } else if (pair[0] === "wheel") {  // one wheel turn over the middle of the stage
          var rect = stage.getBoundingClientRect();
          stage.dispatchEvent(new WheelEvent("wheel", { deltaY: Number(pair[1]), bubbles: true,
            cancelable: true, clientX: rect.left + rect.width / 2,
            clientY: rect.top + rect.height / 2 }));
        } else if (pair[0] === "play") { play(); }
        else if (pair[0] === "measure") { setTimeout(measure, Number(pair[1]) || 50); }
      });
    }
    resized();
    show(0);
    if (standalone) {
      window.addEventListener("hashchange", fromHash);
      fromHash();
    }
  }
  start.version = VERSION;
  window.graphgradPlayer = start;
})();
