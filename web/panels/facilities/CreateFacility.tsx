import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Map as MlMap } from 'maplibre-gl';
import { canEditLayer } from '../../auth/session.ts';
import { useSelection } from '../../state/selection.ts';
import { facilityApi, formProblems, type FacilityFields, type FacilityLayer } from './facility-api.ts';
import { FacilityForm, ReasonField } from './FacilityForm.tsx';
import { ProblemDetails } from './ProblemDetails.tsx';
import { dragMarker, layerIndex, pickPoints, refreshLayers, unitAt, type UnitHit } from './map-tools.ts';

/** The unit layer a facility belongs to: a room to its community, a post to its grid. */
export const PARENT_OF: Record<FacilityLayer, 'communities' | 'grids'> = { 'police-rooms': 'communities', 'police-posts': 'grids' };

interface Draft {
  layer: FacilityLayer;
  at: [number, number];
  parent: UnitHit | null;
  fields: FacilityFields;
}

/** A code not yet used in the layer: the parent's code + R (room) / S (post), then -2, -3, ... */
async function freeCode(map: MlMap, layer: FacilityLayer, parent: UnitHit | null): Promise<string> {
  if (!parent) return '';
  const base = `${parent.code}${layer === 'police-rooms' ? 'R' : 'S'}`;
  const taken = new Set((await layerIndex(map, layer)).map((f) => f.code));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * 新建警务室 / 警务站: pick the place on the map (the community / grid and police station are
 * found from the point), adjust it by dragging the marker, fill in the form and save with a
 * reason. The server's 422 details are shown field by field.
 */
export function CreateFacility({ map, stations }: { map: MlMap | null; stations: UnitHit[] }) {
  const { t } = useTranslation();
  const [placing, setPlacing] = useState<FacilityLayer | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const marker = useRef<ReturnType<typeof dragMarker> | null>(null);
  const cancelPick = useRef<(() => void) | null>(null);
  const draftRef = useRef<Draft | null>(null);
  draftRef.current = draft;

  const clearMarker = () => {
    marker.current?.remove();
    marker.current = null;
  };
  useEffect(() => () => (cancelPick.current?.(), clearMarker()), []);

  const placeAt = async (layer: FacilityLayer, at: [number, number], keepFields?: FacilityFields) => {
    if (!map) return;
    const parent = await unitAt(map, PARENT_OF[layer], at);
    const station = await unitAt(map, 'stations', at);
    const fields: FacilityFields = keepFields ?? {
      code: await freeCode(map, layer, parent),
      name: parent ? `${parent.name}${layer === 'police-rooms' ? '警务室' : '警务站'}` : '',
      status: 'planned',
      openedOn: '',
      staffCount: '',
      stationId: station?.id ?? null,
    };
    setDraft({ layer, at, parent, fields: keepFields ? (draftRef.current?.fields ?? keepFields) : fields });
  };

  const start = (layer: FacilityLayer) => {
    if (!map) return;
    cancelPick.current?.();
    clearMarker();
    setDraft(null);
    setError(null);
    setPlacing(layer);
    cancelPick.current = pickPoints(
      map,
      (at) => {
        cancelPick.current = null;
        setPlacing(null);
        marker.current = dragMarker(map, at, (to) => {
          const d = draftRef.current;
          if (d) void placeAt(d.layer, to, d.fields);
        });
        void placeAt(layer, at);
      },
      true,
    );
  };

  const cancel = () => {
    cancelPick.current?.();
    cancelPick.current = null;
    clearMarker();
    setPlacing(null);
    setDraft(null);
    setError(null);
  };

  const save = async () => {
    if (!draft) return;
    const problems = formProblems(draft.fields);
    if (!reason.trim()) problems.push('facilities.needReason');
    if (problems.length) return setError(new Error(problems.map((k) => t(k)).join('; ')));
    setBusy(true);
    setError(null);
    try {
      const created = await facilityApi.create(draft.layer, draft.at, draft.parent?.id ?? null, draft.fields, reason.trim());
      await refreshLayers(map, [draft.layer]);
      clearMarker();
      setDraft(null);
      setReason('');
      useSelection.getState().select({ layer: draft.layer, id: created.id });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel-section" data-testid="facility-create">
      <h3 className="section-title">{t('facilities.create.title')}</h3>
      <div className="fac-buttons">
        {(['police-rooms', 'police-posts'] as FacilityLayer[]).map((layer) => (
          <button
            key={layer}
            type="button"
            className={placing === layer ? 'fac-btn active' : 'fac-btn'}
            disabled={!map || !canEditLayer(layer)}
            title={canEditLayer(layer) ? undefined : t('facilities.notAllowed')}
            onClick={() => start(layer)}
            data-testid={layer === 'police-rooms' ? 'facility-new-room' : 'facility-new-post'}
          >
            {t(layer === 'police-rooms' ? 'facilities.create.room' : 'facilities.create.post')}
          </button>
        ))}
      </div>
      {placing && (
        <p className="fac-hint" data-testid="facility-placing">
          {t('facilities.create.clickMap', { what: t(`layers.${placing}`) })}{' '}
          <button type="button" className="link" onClick={cancel}>
            {t('facilities.cancel')}
          </button>
        </p>
      )}
      {draft && (
        <div className="fac-draft" data-testid="facility-draft">
          <p className="small">
            {t(draft.layer === 'police-rooms' ? 'facilities.create.inCommunity' : 'facilities.create.inGrid')}{' '}
            {draft.parent ? (
              <strong data-testid="facility-draft-parent">
                {draft.parent.name} <span className="muted">{draft.parent.code}</span>
              </strong>
            ) : (
              <strong className="fac-warn">{t('facilities.create.noParent')}</strong>
            )}
          </p>
          <p className="muted small">
            {draft.at[0].toFixed(6)}, {draft.at[1].toFixed(6)} · {t('facilities.create.dragHint')}
          </p>
          <FacilityForm value={draft.fields} onChange={(fields) => setDraft({ ...draft, fields })} stations={stations} disabled={busy} />
          <ReasonField value={reason} onChange={setReason} testId="facility-create-reason" />
          <div className="fac-buttons">
            <button type="button" className="fac-btn primary" disabled={busy} onClick={() => void save()} data-testid="facility-create-save">
              {t('facilities.save')}
            </button>
            <button type="button" className="fac-btn" disabled={busy} onClick={cancel}>
              {t('facilities.cancel')}
            </button>
          </div>
        </div>
      )}
      <ProblemDetails error={error} testId="facility-create-error" />
    </section>
  );
}
