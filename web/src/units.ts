import { useEffect, useState } from 'react';
import { api, type Unit } from './api.js';

const ERA = 2025;
const cache = new Map<string, Promise<Unit[]>>();

function load(key: string, fetcher: () => ReturnType<typeof api.units>): Promise<Unit[]> {
  let p = cache.get(key);
  if (!p) {
    p = fetcher().then(
      ({ data }) => {
        const list = Array.isArray(data) ? data : (data?.units ?? data?.items ?? []);
        return [...list].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      },
      () => {
        cache.delete(key);
        return [];
      },
    );
    cache.set(key, p);
  }
  return p;
}

/** Provinces after 1 July 2025; an empty list while loading or when the API has none. */
export function useProvinces(): { units: Unit[]; loaded: boolean } {
  return useUnitList('provinces', () => api.units({ era: ERA, level: 'province' }));
}

/** Communes of a 2025 province (empty when none are loaded). */
export function useCommunes(province: string | undefined): { units: Unit[]; loaded: boolean } {
  return useUnitList(province ? `communes:${province}` : '', () =>
    api.units({ era: ERA, parent: province ?? '' }),
  );
}

function useUnitList(key: string, fetcher: () => ReturnType<typeof api.units>) {
  const [state, setState] = useState<{ key: string; units: Unit[] }>({ key: '', units: [] });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key names the request
  useEffect(() => {
    if (!key) return;
    let live = true;
    load(key, fetcher).then((units) => {
      if (live) setState({ key, units });
    });
    return () => {
      live = false;
    };
  }, [key]);
  return { units: state.key === key ? state.units : [], loaded: !key || state.key === key };
}

const names = new Map<string, Promise<string | undefined>>();

/** The full name of a unit ("Thành phố Hà Nội"), or undefined while loading or when unknown. */
export function useUnitName(code: string | undefined): string | undefined {
  const [state, setState] = useState<{ code: string; name: string | undefined }>();
  useEffect(() => {
    if (!code) return;
    let p = names.get(code);
    if (!p) {
      p = api.unit(code).then(
        ({ data }) => data.fullName || data.name,
        () => undefined,
      );
      names.set(code, p);
    }
    let live = true;
    p.then((name) => live && setState({ code, name }));
    return () => {
      live = false;
    };
  }, [code]);
  return state && state.code === code ? state.name : undefined;
}
