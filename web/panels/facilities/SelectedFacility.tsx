import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Point } from 'geojson';
import type { Map as MlMap } from 'maplibre-gl';
import type { BeatgridFeature } from '../../api/client.ts';
import { canEditLayer, usePermissions } from '../../auth/session.ts';
import { useSelection } from '../../state/selection.ts';
import { extraProps, facilityApi, fieldsOf, formProblems, type FacilityFields, type FacilityLayer } from './facility-api.ts';
import { FacilityForm, ReasonField } from './FacilityForm.tsx';
import { ProblemDetails } from './ProblemDetails.tsx';
import { PARENT_OF } from './CreateFacility.tsx';
import { dragMarker, pickPoints, refreshLayers, unitAt, type UnitHit } from './map-tools.ts';

type Mode = 'view' | 'move' | 'delete';

/**
 * The selected police room / post: edit its attributes, move it (drag the marker or click the
 * new place; re-linked to the community / grid now containing it), or delete it — each with a
 * reason and the version it was based on (a 409 offers to reload). Civil affairs may only
 * re-link it to the unit containing it.
 */
export function SelectedFacility({ map, layer, feature, stations }: { map: MlMap | null; layer: FacilityLayer; feature: BeatgridFeature; stations: UnitHit[] }) {
  const { t } = useTranslation();
  const perms = usePermissions();
  const editable = canEditLayer(layer);
  const linkOnly = !editable && perms.linkOnlyLayers.includes(layer);
  const [fields, setFields] = useState<FacilityFields>(() => fieldsOf(feature));
  const [mode, setMode] = useState<Mode>('view');
  const [moveTo, setMoveTo] = useState<{ at: [number, number]; unit: UnitHit | null } | null>(null);
  const [container, setContainer] = useState<UnitHit | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const marker = useRef<ReturnType<typeof dragMarker> | null>(null);
  const cancelPick = useRef<(() => void) | null>(null);
  const at = (feature.geometry as Point).coordinates as [number, number];
  const ref = { layer, id: feature.id };

  useEffect(() => {
    setFields(fieldsOf(feature));
  }, [feature]);

  useEffect(() => {
    if (map) void unitAt(map, PARENT_OF[layer], at).then(setContainer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, feature]);

  const stopMove = () => {
    cancelPick.current?.();
    cancelPick.current = null;
    marker.current?.remove();
    marker.current = null;
  };
  useEffect(() => stopMove, []);

  const target = async (to: [number, number]) => {
    if (!map) return;
    setMoveTo({ at: to, unit: await unitAt(map, PARENT_OF[layer], to) });
  };

  /** Listens for clicks until the move is saved or cancelled; each click moves the marker. */
  const listen = () => {
    if (!map) return;
    cancelPick.current = pickPoints(map, (to) => {
      marker.current?.setAt(to);
      void target(to);
      useSelection.getState().select(ref); // the page's click-to-select picked whatever was under the click
    });
  };

  const startMove = () => {
    if (!map) return;
    setError(null);
    setSaved(null);
    setMode('move');
    setMoveTo(null);
    marker.current = dragMarker(map, at, (to) => void target(to));
    listen();
  };

  const reset = () => {
    stopMove();
    setMode('view');
    setMoveTo(null);
    setReason('');
  };

  /** Runs a write: needs a reason; on success refreshes the map and the selection. */
  const write = async (what: string, fn: (r: string) => Promise<unknown>, after?: () => void) => {
    if (!reason.trim()) return setError(new Error(t('facilities.needReason')));
    setBusy(true);
    setError(null);
    try {
      await fn(reason.trim());
      await refreshLayers(map, [layer]);
      reset();
      setSaved(what);
      (after ?? (() => useSelection.getState().select(ref)))();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const version = feature.properties.version ?? 1;
  const saveAttributes = () => {
    const problems = formProblems(fields);
    if (problems.length) return setError(new Error(problems.map((k) => t(k)).join('; ')));
    void write(t('facilities.saved.attributes'), (r) => facilityApi.update(layer, feature.id, version, extraProps(feature), fields, r));
  };
  const saveMove = () => {
    if (!moveTo) return;
    const relink = moveTo.unit && moveTo.unit.id !== feature.properties.parentId ? { parentId: moveTo.unit.id, keep: extraProps(feature) } : null;
    void write(t('facilities.saved.moved'), (r) => facilityApi.move(layer, feature.id, version, moveTo.at, relink, r));
  };
  const saveDelete = () =>
    void write(t('facilities.saved.deleted'), (r) => facilityApi.remove(layer, feature.id, version, r), () => useSelection.getState().select(null));
  const saveRelink = () => container && void write(t('facilities.saved.relinked'), (r) => facilityApi.relink(layer, feature.id, version, container.id, extraProps(feature), r));
  const reload = () => {
    reset();
    setError(null);
    void refreshLayers(map, [layer]);
    useSelection.getState().select(ref);
  };

  const misplaced = container && container.id !== feature.properties.parentId;
  return (
    <section className="panel-section" data-testid="facility-selected" data-id={feature.id} data-version={version}>
      <h3 className="section-title">
        {t(`layers.${layer}`)} · {feature.properties.name}
      </h3>
      <p className="muted small">
        {feature.properties.code} · {t('facilities.version', { v: version })} · {at[0].toFixed(6)}, {at[1].toFixed(6)}
      </p>
      {misplaced && (
        <p className="fac-warn small" data-testid="facility-misplaced">
          {t('facilities.misplaced', { unit: `${container.name} ${container.code}` })}
        </p>
      )}
      {!editable && !linkOnly && <p className="muted small">{t('facilities.readOnly')}</p>}
      {editable && mode === 'view' && <FacilityForm value={fields} onChange={setFields} stations={stations} disabled={busy} />}
      {mode === 'move' && (
        <div className="fac-draft" data-testid="facility-moving">
          <p className="fac-hint">{t('facilities.move.hint')}</p>
          {moveTo && (
            <p className="small" data-testid="facility-move-target">
              {moveTo.at[0].toFixed(6)}, {moveTo.at[1].toFixed(6)} ·{' '}
              {moveTo.unit ? t('facilities.move.into', { unit: `${moveTo.unit.name} ${moveTo.unit.code}` }) : <span className="fac-warn">{t('facilities.create.noParent')}</span>}
            </p>
          )}
        </div>
      )}
      {mode === 'delete' && <p className="fac-warn small">{t('facilities.delete.confirm', { name: feature.properties.name })}</p>}
      {(editable || (linkOnly && misplaced)) && <ReasonField value={reason} onChange={setReason} testId="facility-reason" />}
      <div className="fac-buttons">
        {editable && mode === 'view' && (
          <>
            <button type="button" className="fac-btn primary" disabled={busy} onClick={saveAttributes} data-testid="facility-save">
              {t('facilities.save')}
            </button>
            <button type="button" className="fac-btn" disabled={busy || !map} onClick={startMove} data-testid="facility-move">
              {t('facilities.move.start')}
            </button>
            <button type="button" className="fac-btn danger" disabled={busy} onClick={() => (setMode('delete'), setError(null))} data-testid="facility-delete">
              {t('facilities.delete.start')}
            </button>
          </>
        )}
        {mode === 'move' && (
          <button type="button" className="fac-btn primary" disabled={busy || !moveTo} onClick={saveMove} data-testid="facility-move-save">
            {t('facilities.move.save')}
          </button>
        )}
        {mode === 'delete' && (
          <button type="button" className="fac-btn danger" disabled={busy} onClick={saveDelete} data-testid="facility-delete-confirm">
            {t('facilities.delete.confirmButton')}
          </button>
        )}
        {mode !== 'view' && (
          <button type="button" className="fac-btn" disabled={busy} onClick={reset}>
            {t('facilities.cancel')}
          </button>
        )}
        {linkOnly && misplaced && (
          <button type="button" className="fac-btn primary" disabled={busy} onClick={saveRelink} data-testid="facility-relink">
            {t('facilities.relink', { unit: container.name })}
          </button>
        )}
      </div>
      {saved && !error && (
        <p className="fac-ok small" data-testid="facility-saved">
          {saved}
        </p>
      )}
      <ProblemDetails error={error} onReload={reload} testId="facility-error" />
    </section>
  );
}
