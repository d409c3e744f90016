import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@city/web-kit';
import './location-map.css';
import { coordinateText, typedPlace, type MapCentre, type MapTiles } from './map-settings';
import type { PlaceMap } from './leaflet-map';

export interface LocationMapProps {
  tiles: MapTiles;
  centre: MapCentre;
  /** The coordinate fields as typed: the marker follows them. */
  lat: string;
  long: string;
  /** A place marked on the map (a click, a tap, the marker dragged, or the device's location). */
  onPlace: (lat: string, long: string) => void;
}

/** The zoom a place found by the device's location is shown at: a street, not a city. */
const STREET_ZOOM = 17;
/** Typed coordinates move the marker once the typing pauses, not at every digit ("5" is in Africa). */
const TYPING_PAUSE_MS = 500;

/** A place marked on the map's side: the marker there at once, and the coordinates sent to the fields. */
function markAt(on: PlaceMap | null, la: number, lo: number, send: (lat: string, long: string) => void) {
  const [a, b] = [coordinateText(la), coordinateText(lo)];
  on?.mark({ lat: Number(a), long: Number(b) });
  send(a, b);
}

/**
 * The map of the request form's "where", shown only when the city has a tile server (Leaflet is
 * fetched then, as its own chunk): a click or a tap marks the place and fills the coordinate fields,
 * the marker can be dragged, and typed coordinates move it. The coordinate fields stay the way to
 * give the place by keyboard or screen reader, so the map itself is hidden from assistive technology
 * and holds no tab stop; "Use my location" is an ordinary button beside it.
 */
export function LocationMap({ tiles, centre, lat, long, onPlace }: LocationMapProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<PlaceMap | null>(null);
  const place = useRef(onPlace);
  const [finding, setFinding] = useState<'no' | 'busy' | 'found' | 'failed'>('no');
  const canLocate = 'geolocation' in navigator && window.isSecureContext;

  useEffect(() => {
    place.current = onPlace;
  }, [onPlace]);

  const zoomInTitle = t('requestForm.map.zoomIn');
  const zoomOutTitle = t('requestForm.map.zoomOut');
  const { url, attribution, maxZoom } = tiles;
  const { lat: centreLat, long: centreLong, zoom } = centre;
  useEffect(() => {
    let made: PlaceMap | null = null;
    let gone = false;
    void import('./leaflet-map').then(({ createPlaceMap }) => {
      if (gone || !element.current) return;
      made = createPlaceMap(element.current, {
        tiles: { url, attribution, maxZoom },
        centre: { lat: centreLat, long: centreLong, zoom },
        zoomInTitle,
        zoomOutTitle,
        onPlace: (la, lo) => markAt(made, la, lo, place.current),
      });
      setMap(made);
    });
    return () => {
      gone = true;
      made?.remove();
      setMap(null);
    };
  }, [url, attribution, maxZoom, centreLat, centreLong, zoom, zoomInTitle, zoomOutTitle]);

  // The marker follows the coordinate fields, whoever filled them: the map, or someone typing.
  useEffect(() => {
    const later = setTimeout(() => map?.mark(typedPlace(lat, long)), TYPING_PAUSE_MS);
    return () => clearTimeout(later);
  }, [map, lat, long]);

  const locate = () => {
    setFinding('busy');
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        setFinding('found');
        markAt(map, coords.latitude, coords.longitude, place.current);
        map?.show({ lat: coords.latitude, long: coords.longitude }, STREET_ZOOM);
      },
      () => setFinding('failed'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  return (
    <div className="location-map">
      <p className="hint">{t('requestForm.map.hint')}</p>
      {canLocate ? (
        <div className="row">
          <Button variant="secondary" onPress={locate} isDisabled={finding === 'busy'}>
            {finding === 'busy' ? t('requestForm.map.finding') : t('requestForm.map.useMyLocation')}
          </Button>
          <p role="status" className="location-map-status">
            {finding === 'found'
              ? t('requestForm.map.found')
              : finding === 'failed'
                ? t('requestForm.map.notFound')
                : ''}
          </p>
        </div>
      ) : null}
      <div ref={element} className="location-map-canvas" aria-hidden="true" />
      {attribution ? <p className="hint location-map-attribution">{attribution}</p> : null}
    </div>
  );
}
