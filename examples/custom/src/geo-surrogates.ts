import type { ISerializationSurrogate, SerializationInfo } from '@weft/runtime';
import { GeoPoint, Route } from './vendor/geo.js';

/** Serializes the uncompiled GeoPoint; its fields are readonly, so it returns a new object. */
export const geoPointSurrogate: ISerializationSurrogate = {
  getObjectData(p: GeoPoint, info: SerializationInfo) {
    info.addValue('lat', p.lat);
    info.addValue('lon', p.lon);
  },
  setObjectData(_p: unknown, info: SerializationInfo) {
    return new GeoPoint(info.getDouble('lat'), info.getDouble('lon'));
  },
};

/** Fills the uninitialized Route it is given (routes take part in cycles). */
export const routeSurrogate: ISerializationSurrogate = {
  getObjectData(r: Route, info: SerializationInfo) {
    info.addValue('name', r.name);
    info.addValue('stops', r.stops);
    info.addValue('next', r.next);
  },
  setObjectData(r: Route, info: SerializationInfo) {
    Object.assign(r, { name: info.getString('name'), stops: info.getValue('stops'), next: info.getValue('next') });
    return r;
  },
};
