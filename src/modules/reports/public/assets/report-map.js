/*
 * The Mängelmelder's map (see map.tsx). Every page works without it: the
 * server renders a hidden container whose data attributes say what to draw;
 * this script (after Leaflet, both deferred) shows it.
 *
 * - data-report-map="pick": a draggable marker that writes the point into the
 *   inputs named by data-lat-input / data-lng-input. It tells the page about
 *   every change with a `report-map:change` event ({lat, lng} or null) on the
 *   container, and `report-map:outside` for a point outside the town; other
 *   scripts move the marker with a `report-map:set` event ({lat, lng}).
 * - data-report-map="show": one marker per report with a popup linking to it.
 *
 * Strict CSP: no inline styles or HTML from data; popups and texts are built
 * as DOM nodes, the attribution is escaped before Leaflet sees it.
 */
(function () {
  'use strict';

  function json(element, name) {
    try {
      return JSON.parse(element.getAttribute(name) || 'null');
    } catch (error) {
      return null;
    }
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return '&#' + c.charCodeAt(0) + ';';
    });
  }

  function round(n) {
    return Math.round(n * 1e6) / 1e6;
  }

  function emit(container, name, detail) {
    container.dispatchEvent(new CustomEvent(name, { detail: detail, bubbles: true }));
  }

  function pick(container, map, bounds, strings) {
    var latInput = document.getElementById(container.getAttribute('data-lat-input') || '');
    var lngInput = document.getElementById(container.getAttribute('data-lng-input') || '');
    var address = document.getElementById(container.getAttribute('data-address-input') || '');
    if (!latInput || !lngInput) return;
    var marker = null;
    var clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'kern-btn kern-btn--tertiary rathaus-report-map__clear';
    var clearLabel = document.createElement('span');
    clearLabel.className = 'kern-label';
    clearLabel.textContent = strings.clear || '';
    clear.appendChild(clearLabel);
    clear.hidden = true;
    var hint = document.createElement('p');
    hint.className = 'kern-hint rathaus-report-map__hint';
    hint.textContent = strings.keyboardHint || '';
    container.insertBefore(hint, container.firstChild);
    container.appendChild(clear);

    function write(latlng) {
      latInput.value = latlng ? String(round(latlng.lat)) : '';
      lngInput.value = latlng ? String(round(latlng.lng)) : '';
      clear.hidden = !latlng;
      if (address) address.placeholder = latlng ? (strings.chosen || '').replace('{lat}', latInput.value).replace('{lng}', lngInput.value) : '';
      emit(container, 'report-map:change', latlng ? { lat: round(latlng.lat), lng: round(latlng.lng) } : null);
    }

    function place(latlng, pan) {
      if (!bounds.contains(latlng)) {
        emit(container, 'report-map:outside', { lat: latlng.lat, lng: latlng.lng });
        // Back to where it was before (a dragged marker), or away if there was no point yet.
        if (marker && latInput.value && lngInput.value) marker.setLatLng(L.latLng(Number(latInput.value), Number(lngInput.value)));
        else if (marker) {
          map.removeLayer(marker);
          marker = null;
        }
        return false;
      }
      if (!marker) addMarker(latlng);
      else marker.setLatLng(latlng);
      if (pan) map.setView(latlng, Math.max(map.getZoom(), 17));
      write(latlng);
      return true;
    }

    function addMarker(latlng) {
      marker = L.marker(latlng, { draggable: true, keyboard: true, alt: strings.marker || '', title: strings.marker || '' }).addTo(map);
      marker.on('dragend', function () {
        place(marker.getLatLng(), false);
      });
      var icon = marker.getElement();
      if (icon) icon.addEventListener('keydown', onMarkerKey);
    }

    // Arrow keys move the focused marker a few pixels (the map would pan instead).
    var STEPS = { ArrowUp: [0, -10], ArrowDown: [0, 10], ArrowLeft: [-10, 0], ArrowRight: [10, 0] };
    function onMarkerKey(event) {
      var step = STEPS[event.key];
      if (!step || !marker) return;
      event.preventDefault();
      event.stopPropagation();
      var point = map.latLngToContainerPoint(marker.getLatLng()).add(step);
      place(map.containerPointToLatLng(point), false);
    }

    map.on('click', function (event) {
      place(event.latlng, false);
    });
    clear.addEventListener('click', function () {
      if (marker) map.removeLayer(marker);
      marker = null;
      write(null);
    });
    container.addEventListener('report-map:set', function (event) {
      var d = event.detail;
      if (d && isFinite(d.lat) && isFinite(d.lng)) place(L.latLng(d.lat, d.lng), true);
    });

    var lat = parseFloat(latInput.value);
    var lng = parseFloat(lngInput.value);
    if (isFinite(lat) && isFinite(lng)) {
      addMarker(L.latLng(lat, lng));
      clear.hidden = false;
    }
  }

  function show(map, markers) {
    markers.forEach(function (m) {
      var icon = new L.Icon.Default({ className: 'rathaus-report-map__marker rathaus-report-map__marker--' + String(m.state).replace(/[^a-z_]/g, '') });
      var marker = L.marker([m.lat, m.lng], { icon: icon, keyboard: true, alt: m.label, title: m.label });
      var popup = document.createElement('p');
      popup.className = 'rathaus-report-map__popup';
      var link = document.createElement('a');
      link.className = 'kern-link';
      link.href = m.href;
      link.textContent = m.label;
      popup.appendChild(link);
      marker.bindPopup(popup);
      marker.addTo(map);
    });
  }

  function init(container) {
    var mode = container.getAttribute('data-report-map');
    var tileUrl = json(container, 'data-tile-url');
    var box = json(container, 'data-bounds');
    var canvas = container.querySelector('.rathaus-report-map__canvas');
    if (typeof tileUrl !== 'string' || !tileUrl || !box || box.length !== 4 || !canvas) return;
    var strings = json(container, 'data-strings') || {};
    var centre = json(container, 'data-centre');
    var bounds = L.latLngBounds([box[0], box[1]], [box[2], box[3]]);
    container.hidden = false;
    var map = L.map(canvas, { zoomControl: false, maxBounds: bounds.pad(0.5), minZoom: 10 });
    L.control.zoom({ zoomInTitle: strings.zoomIn || '+', zoomOutTitle: strings.zoomOut || '-' }).addTo(map);
    var markers = mode === 'show' ? json(container, 'data-markers') : null;
    var points = (Array.isArray(markers) ? markers : []).filter(function (m) {
      return m && isFinite(m.lat) && isFinite(m.lng);
    });
    // One first view, before the tiles: a second one would cancel the tiles the first started loading.
    if (centre && centre.length === 2) map.setView(centre, 17);
    else if (points.length > 0) {
      map.fitBounds(
        L.latLngBounds(
          points.map(function (m) {
            return [m.lat, m.lng];
          }),
        ).pad(0.2),
        { maxZoom: 17 },
      );
    } else map.fitBounds(bounds);
    L.tileLayer(tileUrl, { attribution: escapeHtml(json(container, 'data-attribution') || ''), maxZoom: 19 }).addTo(map);
    if (mode === 'pick') pick(container, map, bounds, strings);
    else if (mode === 'show') show(map, points);
  }

  function start() {
    if (!window.L) return;
    document.querySelectorAll('[data-report-map]').forEach(init);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
