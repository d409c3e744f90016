// Leaflet behind a small handle: this module and Leaflet (with its style sheet) are the map's own
// chunk, which the request form fetches only when the city has a tile server.
import {
  control,
  divIcon,
  map as leafletMap,
  marker as leafletMarker,
  tileLayer,
  type Marker,
} from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { MapCentre, MapTiles } from './map-settings';

export interface PlaceMap {
  /** The marker on this place, or no marker; the map pans to a place out of sight. */
  mark(place: { lat: number; long: number } | null): void;
  /** Shows a place close up (at least `zoom`, at most the tiles' own limit). */
  show(place: { lat: number; long: number }, zoom: number): void;
  remove(): void;
}

export function createPlaceMap(
  element: HTMLElement,
  o: {
    tiles: MapTiles;
    centre: MapCentre;
    zoomInTitle: string;
    zoomOutTitle: string;
    /** A place marked with the pointer: a click or a tap on the map, or the marker dropped. */
    onPlace: (lat: number, long: number) => void;
  },
): PlaceMap {
  const m = leafletMap(element, {
    center: [o.centre.lat, o.centre.long],
    zoom: o.centre.zoom,
    maxZoom: o.tiles.maxZoom,
    // No tab stop on the map (its keyboard panning would not mark a place), no attribution links
    // inside it (the form shows the attribution as text), and the zoom buttons for the pointer only.
    keyboard: false,
    attributionControl: false,
    zoomControl: false,
  });
  tileLayer(o.tiles.url, { maxZoom: o.tiles.maxZoom }).addTo(m);
  control
    .zoom({ zoomInTitle: o.zoomInTitle, zoomOutTitle: o.zoomOutTitle })
    .addTo(m)
    .getContainer()
    ?.querySelectorAll('a')
    .forEach((a) => (a.tabIndex = -1));
  m.on('click', (e) => {
    const p = e.latlng.wrap();
    o.onPlace(p.lat, p.lng);
  });

  let pin: Marker | null = null;
  return {
    mark(place) {
      if (!place) {
        pin?.remove();
        pin = null;
        return;
      }
      const at: [number, number] = [place.lat, place.long];
      if (pin) pin.setLatLng(at);
      else {
        const k = leafletMarker(at, {
          draggable: true,
          keyboard: false,
          // A pin drawn in CSS (location-map.css): a 24 px square turned by 45°, its tip 17 px below its middle.
          icon: divIcon({
            className: 'location-pin',
            html: '<span></span>',
            iconSize: [24, 24],
            iconAnchor: [12, 29],
          }),
        }).addTo(m);
        k.on('dragend', () => {
          const p = k.getLatLng().wrap();
          o.onPlace(p.lat, p.lng);
        });
        pin = k;
      }
      // A place out of sight (or at the very edge) brought into view, from where the map is now.
      m.stop();
      if (!m.getBounds().pad(-0.1).contains(at)) m.panTo(at);
    },
    show(place, zoom) {
      m.setView([place.lat, place.long], Math.min(o.tiles.maxZoom, Math.max(m.getZoom(), zoom)));
    },
    remove() {
      m.remove();
      pin = null;
    },
  };
}
