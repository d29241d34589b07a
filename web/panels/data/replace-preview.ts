import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerName } from '../../../server/domain/layers.ts';
import { getJson } from '../../api/client.ts';
import type { PreviewChange } from '../../map/import-preview.ts';
import type { ImportReport } from './data-api.ts';

/**
 * Replace mode on the map: what the import does to each feature. The server's diff lists codes
 * (added, changed, removed); the preview's features carry their code, so each valid one gets a
 * `change` property here, and the removed ones — not in the file — are read from the live layer.
 */

type PreviewProps = ImportReport['preview']['features'][number]['properties'];

/** The preview with `change` set on each valid feature when the report has a diff (invalid ones keep their status colour). */
export function previewWithChanges(report: ImportReport): FeatureCollection<Geometry, PreviewProps & { change?: PreviewChange }> {
  const diff = report.diff;
  if (!diff) return report.preview;
  const added = new Set(diff.added);
  const changed = new Set(diff.changed);
  return {
    type: 'FeatureCollection',
    features: report.preview.features.map((f) => {
      if (f.properties.status === 'invalid' || f.properties.code === null) return f;
      const code = f.properties.code;
      const change: PreviewChange = added.has(code) ? 'added' : changed.has(code) ? 'changed' : 'unchanged';
      return { ...f, properties: { ...f.properties, change } };
    }),
  };
}

/** How many preview features each change has (replace mode), plus the removed ones from the diff. */
export function changeCounts(report: ImportReport): Record<PreviewChange, number> {
  const counts: Record<PreviewChange, number> = { added: 0, changed: 0, unchanged: 0, removed: report.diff?.removed.length ?? 0 };
  for (const f of previewWithChanges(report).features) {
    const c = (f.properties as { change?: PreviewChange }).change;
    if (c) counts[c]++;
  }
  return counts;
}

/**
 * The live features of `layer` a replace would retire (codes in the diff's `removed`), read
 * through the layer API narrowed to the replaced station or county; properties: code, name,
 * change 'removed'.
 */
export async function removedFeatures(layer: LayerName, report: ImportReport, stationId: number | null): Promise<FeatureCollection> {
  const removed = new Set(report.diff?.removed ?? []);
  if (!removed.size) return { type: 'FeatureCollection', features: [] };
  const q = new URLSearchParams();
  if (stationId !== null) q.set('station', String(stationId));
  else if (report.county) q.set('county', report.county);
  const live = await getJson<FeatureCollection>(`/api/layers/${encodeURIComponent(layer)}${q.size ? `?${q}` : ''}`);
  return {
    type: 'FeatureCollection',
    features: live.features
      .filter((f) => removed.has(String(f.properties?.code)))
      .map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: { code: f.properties?.code ?? null, name: f.properties?.name ?? null, change: 'removed' } })),
  };
}
