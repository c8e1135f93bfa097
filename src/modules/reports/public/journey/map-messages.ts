/** Texts of the map (map.tsx and assets/report-map.js), shared by the journey and the public pages. */
export const mapMessagesDe = {
  'reports.map.label': 'Karte',
  'reports.map.usePosition': 'Meinen Standort verwenden',
  'reports.map.locating': 'Ihr Standort wird ermittelt …',
  'reports.map.located': 'Ihr Standort wurde auf der Karte gesetzt. Sie können die Markierung noch verschieben.',
  'reports.map.noPosition': 'Ihr Standort konnte nicht ermittelt werden. Bitte setzen Sie die Markierung auf der Karte oder beschreiben Sie den Ort.',
  'reports.map.outside': 'Dieser Punkt liegt außerhalb des Gemeindegebiets. Bitte wählen Sie einen Punkt im Gemeindegebiet.',
  'reports.map.chosen': 'Punkt auf der Karte: {lat}, {lng}',
  'reports.map.marker': 'Ort des Mangels (verschiebbar)',
  'reports.map.clear': 'Markierung entfernen',
  'reports.map.cleared': 'Die Markierung wurde entfernt.',
  'reports.map.keyboardHint': 'Klicken oder tippen Sie auf die Karte, um den Ort zu markieren. Mit der Tastatur: Markierung fokussieren und mit den Pfeiltasten verschieben.',
  'reports.map.zoomIn': 'Hineinzoomen',
  'reports.map.zoomOut': 'Herauszoomen',
} as const;

export const mapMessagesEn: { [K in keyof typeof mapMessagesDe]: string } = {
  'reports.map.label': 'Map',
  'reports.map.usePosition': 'Use my location',
  'reports.map.locating': 'Finding your location …',
  'reports.map.located': 'Your location is marked on the map. You can still move the marker.',
  'reports.map.noPosition': 'Your location could not be found. Please place the marker on the map or describe the place.',
  'reports.map.outside': 'This point is outside the municipality. Please choose a point inside it.',
  'reports.map.chosen': 'Point on the map: {lat}, {lng}',
  'reports.map.marker': 'Place of the problem (movable)',
  'reports.map.clear': 'Remove the marker',
  'reports.map.cleared': 'The marker was removed.',
  'reports.map.keyboardHint': 'Click or tap the map to mark the place. With the keyboard: focus the marker and move it with the arrow keys.',
  'reports.map.zoomIn': 'Zoom in',
  'reports.map.zoomOut': 'Zoom out',
};
