/*
 * Mängelmelder staff pages, progressive enhancement only (every page works
 * without this file):
 * - picking a text template fills the public comment at once (without
 *   JavaScript the "Vorlage übernehmen" button does it on a round trip);
 * - on the redaction page, dragging over the photo fills the next empty row
 *   of rectangle fields (percent of width/height) and shows every filled
 *   row as a box; typing in the fields moves the boxes too.
 * Positions are set through the CSSOM (allowed under the strict CSP).
 */
(function () {
  'use strict';

  function enhanceTemplates() {
    document.querySelectorAll('select[data-template-target]').forEach(function (select) {
      var target = document.getElementById(select.getAttribute('data-template-target'));
      if (!target) return;
      select.addEventListener('change', function () {
        var option = select.options[select.selectedIndex];
        var body = option && option.getAttribute('data-body');
        if (body) target.value = body;
      });
    });
  }

  function number(input) {
    var n = parseFloat(String(input.value).replace(',', '.'));
    return isFinite(n) ? n : null;
  }

  function round(n) {
    return String(Math.round(Math.min(100, Math.max(0, n)) * 10) / 10);
  }

  function enhanceRedaction() {
    var holder = document.querySelector('[data-redact-image]');
    var form = document.querySelector('[data-redact-form]');
    if (!holder || !form) return;
    var image = holder.querySelector('img');
    var rows = Array.prototype.slice.call(form.querySelectorAll('[data-redact-row]'));
    document.querySelectorAll('.rathaus-report-redact__js-hint').forEach(function (hint) {
      hint.hidden = false;
    });
    holder.classList.add('rathaus-report-redact--active');

    function fieldsOf(row) {
      var n = row.getAttribute('data-redact-row');
      return ['x', 'y', 'w', 'h'].map(function (f) {
        return form.elements.namedItem(f + n);
      });
    }

    function place(box, x, y, w, h) {
      box.style.left = x + '%';
      box.style.top = y + '%';
      box.style.width = w + '%';
      box.style.height = h + '%';
    }

    function draw() {
      holder.querySelectorAll('.rathaus-report-redact__box').forEach(function (b) {
        b.remove();
      });
      rows.forEach(function (row) {
        var v = fieldsOf(row).map(number);
        if (v.some(function (n) { return n === null; })) return;
        var box = document.createElement('div');
        box.className = 'rathaus-report-redact__box';
        place(box, v[0], v[1], Math.min(v[2], 100 - v[0]), Math.min(v[3], 100 - v[1]));
        holder.appendChild(box);
      });
    }

    function percentAt(event) {
      var r = image.getBoundingClientRect();
      return { x: ((event.clientX - r.left) / r.width) * 100, y: ((event.clientY - r.top) / r.height) * 100 };
    }

    var start = null;
    var drawing = null;

    holder.addEventListener('pointerdown', function (event) {
      if (event.button !== 0) return;
      event.preventDefault();
      start = percentAt(event);
      drawing = document.createElement('div');
      drawing.className = 'rathaus-report-redact__box rathaus-report-redact__box--drawing';
      holder.appendChild(drawing);
      holder.setPointerCapture(event.pointerId);
    });

    holder.addEventListener('pointermove', function (event) {
      if (!start || !drawing) return;
      var p = percentAt(event);
      place(drawing, Math.min(start.x, p.x), Math.min(start.y, p.y), Math.abs(p.x - start.x), Math.abs(p.y - start.y));
    });

    holder.addEventListener('pointerup', function (event) {
      if (!start) return;
      var p = percentAt(event);
      var x = Math.max(0, Math.min(start.x, p.x));
      var y = Math.max(0, Math.min(start.y, p.y));
      var w = Math.min(100, Math.max(start.x, p.x)) - x;
      var h = Math.min(100, Math.max(start.y, p.y)) - y;
      start = null;
      if (drawing) drawing.remove();
      drawing = null;
      if (w < 0.5 || h < 0.5) return;
      var free = rows.find(function (row) {
        return fieldsOf(row).every(function (input) { return input.value.trim() === ''; });
      });
      if (!free) return;
      var inputs = fieldsOf(free);
      [x, y, w, h].forEach(function (value, i) {
        inputs[i].value = round(value);
      });
      draw();
    });

    form.addEventListener('input', draw);
    draw();
  }

  function init() {
    enhanceTemplates();
    enhanceRedaction();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
