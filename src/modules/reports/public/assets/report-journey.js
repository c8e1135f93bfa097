/*
 * The report journey's enhancements; every step works without them.
 * - Character count under the description (GOV.UK pattern).
 * - On the location step: "use my position" (Geolocation API) and the place
 *   from a photo's EXIF GPS tags, read here in the browser and used only when
 *   the citizen presses the button. The photo is not sent: its file input has
 *   no name. The point goes into the hidden lat/lng inputs, through the map
 *   (report-map.js) when there is one.
 */
(function () {
  'use strict';

  function json(element, name) {
    try {
      return JSON.parse(element.getAttribute(name) || 'null') || {};
    } catch (error) {
      return {};
    }
  }

  function fill(template, params) {
    return String(template || '').replace(/\{(\w+)\}/g, function (match, key) {
      return key in params ? String(params[key]) : match;
    });
  }

  function round(n) {
    return Math.round(n * 1e6) / 1e6;
  }

  // ------------------------------------------------------------ character count

  function characterCount(wrapper) {
    var textarea = wrapper.querySelector('textarea');
    var max = Number(wrapper.getAttribute('data-character-count'));
    if (!textarea || !max) return;
    var message = document.createElement('div');
    message.className = 'kern-hint rathaus-character-count__message';
    message.id = textarea.id + '-count';
    message.setAttribute('aria-live', 'polite');
    textarea.insertAdjacentElement('afterend', message);
    var timer = null;
    function update() {
      var left = max - textarea.value.length;
      message.textContent = left >= 0 ? fill(wrapper.getAttribute('data-left'), { n: left }) : fill(wrapper.getAttribute('data-over'), { n: -left });
      message.classList.toggle('rathaus-character-count__message--over', left < 0);
    }
    textarea.addEventListener('input', function () {
      // Screen readers hear the count once typing pauses, not on every key.
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
    update();
  }

  // ------------------------------------------------------------ EXIF GPS

  /**
   * The GPS position in a JPEG's EXIF (APP1) segment, or null. Reads only
   * what it needs, checks every offset against the buffer, and gives up on
   * anything unexpected.
   */
  function gpsFromJpeg(buffer) {
    var view = new DataView(buffer);
    if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return null;
    var offset = 2;
    while (offset + 4 <= view.byteLength) {
      var marker = view.getUint16(offset);
      if ((marker & 0xff00) !== 0xff00 || marker === 0xffda || marker === 0xffd9) return null;
      var size = view.getUint16(offset + 2);
      if (marker === 0xffe1 && size > 8 && view.getUint32(offset + 4) === 0x45786966 && view.getUint16(offset + 8) === 0) {
        return gpsFromTiff(view, offset + 10, Math.min(view.byteLength, offset + 2 + size));
      }
      offset += 2 + size;
    }
    return null;
  }

  function gpsFromTiff(view, start, end) {
    function need(at, length) {
      if (at < start || at + length > end) throw new RangeError('outside the EXIF segment');
    }
    need(start, 8);
    var order = view.getUint16(start);
    if (order !== 0x4949 && order !== 0x4d4d) return null;
    var little = order === 0x4949;
    if (view.getUint16(start + 2, little) !== 42) return null;

    function entries(ifd) {
      need(ifd, 2);
      var count = view.getUint16(ifd, little);
      need(ifd + 2, count * 12);
      var list = [];
      for (var i = 0; i < count; i++) {
        var at = ifd + 2 + i * 12;
        list.push({ tag: view.getUint16(at, little), type: view.getUint16(at + 2, little), count: view.getUint32(at + 4, little), at: at + 8 });
      }
      return list;
    }

    var gpsPointer = entries(start + view.getUint32(start + 4, little)).filter(function (e) {
      return e.tag === 0x8825;
    })[0];
    if (!gpsPointer) return null;
    var gps = {};
    entries(start + view.getUint32(gpsPointer.at, little)).forEach(function (e) {
      gps[e.tag] = e;
    });

    function ref(entry) {
      if (!entry || entry.type !== 2) return null;
      return String.fromCharCode(view.getUint8(entry.at));
    }
    function degrees(entry) {
      if (!entry || entry.type !== 5 || entry.count !== 3) return null;
      var at = start + view.getUint32(entry.at, little);
      need(at, 24);
      var parts = [0, 1, 2].map(function (i) {
        var denominator = view.getUint32(at + i * 8 + 4, little);
        return denominator === 0 ? NaN : view.getUint32(at + i * 8, little) / denominator;
      });
      return parts[0] + parts[1] / 60 + parts[2] / 3600;
    }

    var lat = degrees(gps[2]);
    var lng = degrees(gps[4]);
    var latRef = ref(gps[1]);
    var lngRef = ref(gps[3]);
    if (lat === null || lng === null || !isFinite(lat) || !isFinite(lng) || lat > 90 || lng > 180) return null;
    return { lat: round(latRef === 'S' ? -lat : lat), lng: round(lngRef === 'W' ? -lng : lng) };
  }

  // ------------------------------------------------------------ location step

  function locationStep(form) {
    var strings = json(form, 'data-strings');
    var latInput = form.querySelector('input[name="lat"]');
    var lngInput = form.querySelector('input[name="lng"]');
    var status = document.getElementById('report-point');
    var map = form.querySelector('[data-report-map="pick"]');
    if (!latInput || !lngInput || !status) return;

    function say(text) {
      status.textContent = text;
    }

    form.addEventListener('report-map:change', function (event) {
      say(event.detail ? fill(strings.pointSet, event.detail) : strings.cleared);
    });
    form.addEventListener('report-map:outside', function () {
      say(strings.outside);
    });

    // Through the map when it is shown (it checks the town's bounds, moves the marker and reports the change), else straight into the inputs.
    function usePoint(point) {
      if (map && !map.hidden) {
        map.dispatchEvent(new CustomEvent('report-map:set', { detail: point }));
        return;
      }
      latInput.value = String(point.lat);
      lngInput.value = String(point.lng);
      say(fill(strings.pointSet, point));
    }

    var position = form.querySelector('[data-use-position]');
    if (position && navigator.geolocation) {
      position.hidden = false;
      position.querySelector('button').addEventListener('click', function () {
        say(strings.locating);
        navigator.geolocation.getCurrentPosition(
          function (result) {
            var point = { lat: round(result.coords.latitude), lng: round(result.coords.longitude) };
            usePoint(point);
            // Taken (not refused as outside the town): say where.
            if (latInput.value === String(point.lat) && lngInput.value === String(point.lng)) say(strings.located + ' ' + fill(strings.pointSet, point));
          },
          function () {
            say(strings.noPosition);
          },
          { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
        );
      });
    }

    var photo = form.querySelector('[data-photo-location]');
    if (!photo || !window.DataView || !window.Blob || !Blob.prototype.arrayBuffer) return;
    var input = photo.querySelector('input[type="file"]');
    var photoStatus = photo.querySelector('[data-photo-location-status]');
    var consent = photo.querySelector('[data-photo-location-consent]');
    var found = null;
    photo.hidden = false;
    input.addEventListener('change', function () {
      found = null;
      consent.hidden = true;
      photoStatus.textContent = '';
      var file = input.files && input.files[0];
      if (!file) return;
      // EXIF sits at the start of a JPEG: the first 256 KB are enough.
      file
        .slice(0, 262144)
        .arrayBuffer()
        .then(function (buffer) {
          try {
            found = gpsFromJpeg(buffer);
          } catch (error) {
            found = null;
          }
          photoStatus.textContent = found ? fill(strings.found, found) : strings.none;
          consent.hidden = !found;
        });
    });
    consent.querySelector('button').addEventListener('click', function () {
      if (!found) return;
      usePoint(found);
      var taken = latInput.value === String(found.lat) && lngInput.value === String(found.lng);
      photoStatus.textContent = taken ? fill(strings.used, found) : strings.outside;
      consent.hidden = true;
    });
  }

  function start() {
    document.querySelectorAll('[data-character-count]').forEach(characterCount);
    document.querySelectorAll('form[data-report-location]').forEach(locationStep);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
