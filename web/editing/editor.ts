import { bbox as turfBbox, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';
import type { Map as MlMap } from 'maplibre-gl';
import { ApiError, api, errorMessage } from '../api/client.ts';
import { currentViewer, mayMergeSplitGrids, mayWriteFeature, type FeatureOwner } from '../auth/visibility.ts';
import type { LayerName } from '../map/layerConfig.ts';
import type { ModeContext } from '../modes/context.ts';
import { DrawLineMode } from '../modes/draw-line.ts';
import { DrawPolygonMode } from '../modes/draw-polygon.ts';
import { EditVerticesMode } from '../modes/edit-vertices.ts';
import { FeatureIndex, type BBox } from '../modes/feature-index.ts';
import { MapLibreModeAdapter } from '../modes/maplibre-adapter.ts';
import { SelectFeaturesMode } from '../modes/select-features.ts';
import { SnapIndex } from '../modes/snap-index.ts';
import type { GeometrySet } from '../modes/topology.ts';
import type { AreaFeature, Mode, RenderFeature } from '../modes/types.ts';
import type { CommitResult, Problem, ServerFeature } from './api-types.ts';
import { editApi } from './edit-api.ts';
import { type EditableLayer, loadedFeatures, reloadLayers, snapLayersFor } from './layer-data.ts';
import { ensureOverlayLayers, showProblems } from './map-overlays.ts';
import { useEditSession, type EditTool } from './session-store.ts';
import { UndoStack, changeRevertEdit, type UndoableEdit } from './undo-stack.ts';
import { preexistingOverlaps, problemsFromServer, quickCheck } from './validate.ts';
import { planVertexSave } from './vertex-save-plan.ts';

/** Reasons the page writes for its own undo/redo commits (the user typed the original reason). */
const UNDO_REASON = 'undo (撤销)';
const REDO_REASON = 'redo (重做)';

/** Options of saving a drawn feature. */
export interface SaveOptions {
  reason: string;
  code?: string;
  name?: string;
}

/**
 * The edit session of the page: owns the mode adapter on the MapLibre map, the indexes the modes
 * snap to and hit-test, the undo stack of saved edits, and every call to the editing API.
 * The React panels call its methods and read {@link useEditSession}.
 */
export class Editor {
  readonly undoStack = new UndoStack();
  private readonly adapter: MapLibreModeAdapter;
  private mode: Mode | null = null;
  private snapIndex: SnapIndex | null = null;
  private featureIndex: FeatureIndex | null = null;
  /** grids, for picking (merge and build-zone always pick grids) */
  private gridIndex: FeatureIndex | null = null;
  private parents = new Map<number, AreaFeature>();
  private retry: (() => Promise<void>) | null = null;
  private readonly offs: (() => void)[] = [];

  constructor(readonly map: MlMap) {
    this.adapter = new MapLibreModeAdapter(map, () => this.mode);
  }

  /** Adds the editing layers and listeners to the map and loads the snapping indexes. */
  async attach(): Promise<void> {
    this.adapter.attach();
    ensureOverlayLayers(this.map);
    const onKey = (e: KeyboardEvent) => this.onKey(e);
    window.addEventListener('keydown', onKey);
    this.offs.push(() => window.removeEventListener('keydown', onKey));
    this.offs.push(this.undoStack.subscribe(() => this.syncUndo()));
    await this.refreshIndexes();
    this.store.set({ ready: true });
  }

  /** Removes everything {@link attach} added. */
  detach(): void {
    this.setMode(null);
    this.offs.splice(0).forEach((f) => f());
    this.adapter.detach();
    this.store.set({ ready: false });
  }

  private get store() {
    return useEditSession.getState();
  }

  /** True when a mode is active (the page's own click-to-select then stays out of the way). */
  get active(): boolean {
    return this.mode !== null;
  }

  /** The context every mode gets: the adapter and live snapping settings. */
  private get ctx(): ModeContext {
    return {
      adapter: this.adapter,
      snapping: () => ({ enabled: this.store.snapEnabled, tolerancePx: this.store.tolerancePx, index: this.snapIndex }),
    };
  }

  /** Rebuilds the snap index (snap layers) and the hit-test index (edited layer) from the map's data. */
  async refreshIndexes(): Promise<void> {
    const layer = this.store.layer;
    const byLayer = new Map<LayerName, AreaFeature[]>();
    for (const l of snapLayersFor(layer)) byLayer.set(l, await loadedFeatures(this.map, l));
    if (!byLayer.has(layer)) byLayer.set(layer, await loadedFeatures(this.map, layer));
    this.snapIndex = new SnapIndex(snapLayersFor(layer).flatMap((l) => byLayer.get(l)!));
    this.featureIndex = new FeatureIndex(byLayer.get(layer)!);
    this.gridIndex = layer === 'grids' ? this.featureIndex : new FeatureIndex(byLayer.get('grids')!);
    if (layer === 'grids' && !this.parents.size) {
      for (const c of await loadedFeatures(this.map, 'communities')) this.parents.set(Number(c.id), c);
    }
  }

  /** What the visibility rules need to know about a feature of the edited layer (null when not loaded). */
  ownerOf(id: number): FeatureOwner | null {
    const f = this.featureIndex?.get(id);
    return f ? { layer: this.store.layer, stationId: numOrNull(f.properties?.stationId) } : null;
  }

  /** May the logged-in user edit the vertices of (or split) feature `id` of the edited layer? */
  mayEdit(id: number): boolean {
    return mayWriteFeature(currentViewer(), this.ownerOf(id));
  }

  /** Police stations (id, code, name), for the build-zone form. */
  async stations(): Promise<{ id: number; code: string; name: string }[]> {
    const list = await loadedFeatures(this.map, 'stations');
    return list
      .map((f) => ({ id: Number(f.id), code: String(f.properties?.code ?? ''), name: String(f.properties?.name ?? '') }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  /** The station whose area holds the first picked grid (the form's default). */
  async stationOfSelection(): Promise<number | null> {
    const first = this.gridIndex?.get(this.store.selection[0]);
    if (!first) return null;
    const p = pointOnFeature(first as never).geometry.coordinates;
    const station = (await loadedFeatures(this.map, 'stations')).find((s) => booleanPointInPolygon(p, s as Feature<Polygon | MultiPolygon>));
    return station ? Number(station.id) : null;
  }

  /** Switches the edited layer (drops any pending edit). */
  async setLayer(layer: EditableLayer): Promise<void> {
    this.cancel();
    // busy until the indexes of the new layer are in (the toolbar re-checks what it may offer then)
    this.store.set({ layer, selection: [], busy: true });
    try {
      await this.refreshIndexes();
    } finally {
      this.store.set({ busy: false });
    }
  }

  /** Turns snapping on or off (takes effect on the next pointer move). */
  setSnap(enabled: boolean): void {
    this.store.set({ snapEnabled: enabled });
  }

  private setMode(mode: Mode | null, tool: EditTool = 'idle'): void {
    this.mode?.stop();
    this.mode = mode;
    this.adapter.setModeActive(mode !== null);
    mode?.start();
    this.store.set({ tool });
  }

  /** Drops the pending edit, the problem markers and the active mode. */
  cancel(): void {
    this.setMode(null);
    this.adapter.render([]);
    this.retry = null;
    showProblems(this.map, []);
    this.store.set({ tool: 'idle', pending: null, draftGeometry: null, problems: [], conflict: null, targetId: null });
  }

  /** Starts drawing a new polygon in the edited layer. */
  startDraw(): void {
    this.cancel();
    const mode = new DrawPolygonMode(this.ctx, {
      onFinish: (geometry) => {
        this.setMode(null, 'draw');
        this.adapter.render([draftFeature(geometry)]);
        this.store.set({ pending: { kind: 'draw', geometry }, draftGeometry: geometry });
        this.setProblems(this.checkNew(geometry));
      },
      onCancel: () => this.cancel(),
    });
    this.setMode(mode, 'draw');
  }

  /** Starts editing the vertices of a feature of the edited layer. */
  startVertices(id: number): void {
    this.cancel();
    const target = this.featureIndex?.get(id);
    if (!target) {
      this.flash('error', 'edit.flash.notInLayer', { id });
      return;
    }
    if (!this.mayEdit(id)) {
      this.flash('error', 'edit.flash.notYours', { id });
      return;
    }
    const neighbours = this.featureIndex!.near(grow(turfBbox(target) as BBox), id);
    const preexisting = preexistingOverlaps(target.geometry, neighbours);
    const mode = new EditVerticesMode(this.ctx, target, neighbours, {
      onChange: (changed) => {
        this.store.set({
          pending: changed.size ? { kind: 'vertices', featureId: id, changedIds: [...changed.keys()].map(Number) } : null,
          draftGeometry: mode.targetGeometry,
        });
        this.setProblems(this.checkChanged(changed, neighbours, preexisting));
      },
      onRefused: (message) => this.flash('error', 'edit.flash.refused', {}, message),
    });
    this.setMode(mode, 'vertices');
    this.store.set({ targetId: id, draftGeometry: target.geometry });
  }

  /** Starts picking whole features (for merge and build-zone). */
  startSelect(): void {
    this.cancel();
    this.setMode(new SelectFeaturesMode(this.ctx, () => this.gridIndex, { onChange: (ids) => this.store.set({ selection: ids.map(Number) }) }, this.store.selection), 'select');
  }

  /** Clears the picked features. */
  clearSelection(): void {
    if (this.mode instanceof SelectFeaturesMode) this.mode.setSelection([]);
    else this.store.set({ selection: [] });
  }

  /** Starts drawing the line that splits a grid. */
  startSplit(id: number): void {
    this.cancel();
    const target = this.featureIndex?.get(id);
    if (!target) {
      this.flash('error', 'edit.flash.notInLayer', { id });
      return;
    }
    if (!mayMergeSplitGrids(currentViewer()) || !this.mayEdit(id)) {
      this.flash('error', 'edit.flash.notYours', { id });
      return;
    }
    const outline: RenderFeature = { type: 'Feature', geometry: target.geometry, properties: { role: 'selected' } };
    const mode = new DrawLineMode(this.ctx, {
      onFinish: (line) => {
        this.setMode(null, 'split');
        this.adapter.render([outline, { type: 'Feature', geometry: line, properties: { role: 'draft-line' } }]);
        this.store.set({ pending: { kind: 'split', featureId: id, line } });
      },
      onCancel: () => this.cancel(),
    });
    this.setMode(mode, 'split');
    this.store.set({ targetId: id });
    this.adapter.render([outline]);
  }

  /** Saves the pending edit (drawn feature, vertex edits or split). Resolves true when saved. */
  async save(opts: SaveOptions): Promise<boolean> {
    const pending = this.store.pending;
    if (!pending) return false;
    if (!opts.reason.trim()) {
      this.flash('error', 'edit.flash.reasonRequired');
      return false;
    }
    if (pending.kind === 'draw') return this.saveDrawn(pending.geometry, opts);
    if (pending.kind === 'vertices' && this.mode instanceof EditVerticesMode) return this.saveVertices(this.mode, opts.reason);
    if (pending.kind === 'split') return this.saveSplit(pending.featureId, pending.line, opts.reason);
    return false;
  }

  private async saveDrawn(geometry: Polygon, opts: SaveOptions): Promise<boolean> {
    const problems = this.checkNew(geometry);
    this.setProblems(problems);
    if (problems.length) return false;
    const layer = this.store.layer;
    const props = await this.newFeatureProps(geometry, opts);
    if (!props) return false;
    return this.run(async () => {
      const written = await editApi.create(layer, geometry, props, opts.reason);
      await this.afterCommit({ changeId: written.change.id, layers: [layer], label: `${layer} ${props.code}`, kind: 'draw', features: [written], notices: [] });
    });
  }

  private async saveVertices(mode: EditVerticesMode, reason: string): Promise<boolean> {
    const changed = mode.changed();
    const problems = this.checkChanged(changed, this.featureIndex!.near(grow(turfBbox(mode.target) as BBox), mode.target.id), preexistingOverlaps(mode.target.geometry, this.featureIndex!.near(turfBbox(mode.target) as BBox, mode.target.id)));
    this.setProblems(problems);
    if (problems.length) return false;
    const layer = this.store.layer;
    const plan = planVertexSave(originalsOf(changed, this.featureIndex!), changed, layer);
    const versions = new Map<number, number>();
    for (const id of changed.keys()) versions.set(Number(id), Number(this.featureIndex!.get(id)?.properties?.version ?? 1));
    const targetId = Number(mode.target.id);
    return this.run(async () => {
      const results: CommitResult[] = [];
      const features: ServerFeature[] = [];
      if (plan.kind === 'move-vertex') {
        for (const move of plan.moves) {
          const others = Object.fromEntries([...versions].filter(([id]) => id !== targetId));
          const r = await editApi.moveVertex(targetId, { ...move, baseVersion: versions.get(targetId)!, versions: others, reason });
          for (const f of r.features) versions.set(f.id, Number(f.properties.version));
          results.push(r);
          features.push(...r.features);
        }
      } else {
        for (const id of plan.order) {
          const w = await editApi.updateGeometry(layer, Number(id), versions.get(Number(id))!, changed.get(id)!, reason);
          versions.set(w.id, Number(w.properties.version));
          results.push({ change: { id: w.change.id } } as CommitResult);
          features.push(w);
        }
      }
      const changeIds = results.map((r) => r.change.id);
      const edit = this.chainEdit(`${layer} #${targetId}`, 'vertices', changeIds, ['grids', 'beats', 'aux-grids']);
      await this.afterCommit({ edit, layers: ['grids', 'beats', 'aux-grids'], features, notices: results.flatMap((r) => r.notices ?? []) });
    }, async () => {
      // re-apply on the current versions: refresh them from the server, then send again
      for (const id of versions.keys()) versions.set(id, Number((await api.feature(layer, id)).properties.version));
    });
  }

  private async saveSplit(id: number, line: LineString, reason: string): Promise<boolean> {
    let baseVersion = Number(this.featureIndex?.get(id)?.properties?.version ?? 0) || undefined;
    return this.run(async () => {
      const r = await editApi.split(id, line, reason, baseVersion);
      await this.afterCommit({ changeId: r.change.id, layers: ['grids'], label: `split #${id}`, kind: 'split', features: r.features, notices: r.notices });
    }, async () => {
      baseVersion = Number((await api.feature('grids', id)).properties.version);
    });
  }

  /** Merges the picked grids into one. */
  async merge(reason: string): Promise<boolean> {
    const ids = this.store.selection;
    if (ids.length < 2) {
      this.flash('error', 'edit.flash.pickTwo');
      return false;
    }
    if (!reason.trim()) {
      this.flash('error', 'edit.flash.reasonRequired');
      return false;
    }
    let versions = Object.fromEntries(ids.map((id) => [id, Number(this.gridIndex?.get(id)?.properties?.version ?? 1)]));
    return this.run(async () => {
      const r = await editApi.merge(ids, reason, versions);
      this.store.set({ selection: [] });
      if (this.mode instanceof SelectFeaturesMode) this.mode.setSelection([]);
      await this.afterCommit({ changeId: r.change.id, layers: ['grids'], label: `merge ${r.retired.map((g) => g.code).join('+')}`, kind: 'merge', features: [r.feature], notices: r.notices });
    }, async () => {
      versions = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, Number((await api.feature('grids', id)).properties.version)] as const)));
    });
  }

  /** Builds a beat or aux-grid as the union of the picked grids. */
  async buildZone(opts: { layer: 'beats' | 'aux-grids'; stationId: number; name?: string; code?: string; reason: string; replaceId?: number; baseVersion?: number }): Promise<boolean> {
    const gridIds = this.store.selection;
    if (!gridIds.length) {
      this.flash('error', 'edit.flash.pickGrids');
      return false;
    }
    if (!opts.reason.trim()) {
      this.flash('error', 'edit.flash.reasonRequired');
      return false;
    }
    return this.run(async () => {
      const r = await editApi.zoneFromGrids({ ...opts, gridIds, name: opts.name || undefined, code: opts.code || undefined });
      await this.afterCommit({ changeId: r.change.id, layers: [opts.layer], label: `${opts.layer} ${r.feature.properties.code}`, kind: 'zone', features: [r.feature], notices: r.notices });
    });
  }

  /** Ctrl+Z: a local step of the vertex edit first, else the last saved edit (a server revert). */
  async undo(): Promise<void> {
    if (this.mode instanceof EditVerticesMode && this.mode.canUndo) {
      this.mode.undo();
      return;
    }
    if (this.mode instanceof DrawPolygonMode && this.mode.vertices.length) {
      this.mode.onKey({ key: 'Backspace', shiftKey: false, ctrlKey: false });
      return;
    }
    await this.stackOp(() => this.undoStack.undo(), 'edit.flash.undone');
  }

  /** Ctrl+Shift+Z: the local step first, else the last undone saved edit. */
  async redo(): Promise<void> {
    if (this.mode instanceof EditVerticesMode && this.mode.canRedo) {
      this.mode.redo();
      return;
    }
    await this.stackOp(() => this.undoStack.redo(), 'edit.flash.redone');
  }

  private async stackOp(op: () => Promise<UndoableEdit | null>, doneKey: string): Promise<void> {
    if (this.store.pending) this.cancel();
    this.store.set({ busy: true });
    try {
      const edit = await op();
      if (edit) this.flash('success', doneKey, { label: edit.label });
    } catch (err) {
      this.flash('error', err instanceof ApiError && err.status === 409 ? 'edit.flash.undoConflict' : 'edit.flash.failed', {}, errorMessage(err));
    } finally {
      this.store.set({ busy: false });
    }
  }

  /** Conflict choice: drop the edit and load the current data. */
  async reloadAfterConflict(): Promise<void> {
    const targetId = this.store.targetId;
    const tool = this.store.tool;
    this.cancel();
    await reloadLayers(this.map, ['grids', 'beats', 'aux-grids']);
    await this.refreshIndexes();
    if (tool === 'vertices' && targetId !== null) this.startVertices(targetId);
  }

  /** Conflict choice: send the same edit again on top of the current version. */
  async reapplyAfterConflict(): Promise<void> {
    const retry = this.retry;
    this.store.set({ conflict: null });
    if (retry) await retry();
  }

  /**
   * Runs a write: busy flag, 422 → problems on the map, 409 → conflict dialog (its re-apply
   * runs `refresh` and then the write again), other errors → a message. Resolves true on success.
   */
  private async run(write: () => Promise<void>, refresh?: () => Promise<void>): Promise<boolean> {
    this.store.set({ busy: true, flash: null });
    try {
      await write();
      this.retry = null;
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        this.setProblems(problemsFromServer(err.details, err.message, err.code));
        this.flash('error', 'edit.flash.invalid', {}, err.message);
      } else if (err instanceof ApiError && err.status === 409) {
        const d = (err.details ?? {}) as { id?: number; currentVersion?: number };
        this.retry = async () => {
          if (refresh) await refresh();
          await this.run(write, refresh);
        };
        this.store.set({ conflict: { message: err.message, featureId: d.id ?? null, currentVersion: d.currentVersion ?? null } });
      } else {
        this.flash('error', 'edit.flash.failed', {}, errorMessage(err));
      }
      return false;
    } finally {
      this.store.set({ busy: false });
    }
  }

  /** After a successful write: undo entry, reload layers and indexes, clear the draft, report notices. */
  private async afterCommit(c: {
    changeId?: number;
    edit?: UndoableEdit;
    label?: string;
    kind?: string;
    layers: LayerName[];
    features: ServerFeature[];
    notices: CommitResult['notices'];
  }): Promise<void> {
    const edit = c.edit ?? this.chainEdit(c.label ?? '', c.kind ?? 'edit', [c.changeId!], c.layers);
    this.undoStack.push(edit);
    this.cancel();
    await reloadLayers(this.map, c.layers);
    await this.refreshIndexes();
    this.store.set({ lastFeatures: c.features, lastNotices: c.notices ?? [] });
    this.flash('success', 'edit.flash.saved', { notices: c.notices?.length ?? 0 });
  }

  /** One undoable edit over one or more server changes (undone newest first, redone oldest first). */
  private chainEdit(label: string, kind: string, changeIds: number[], layers: LayerName[]): UndoableEdit {
    let notices: CommitResult['notices'] = [];
    const collect = (r: CommitResult) => {
      notices = [...notices, ...(r.notices ?? [])];
    };
    const reload = async () => {
      await reloadLayers(this.map, layers);
      await this.refreshIndexes();
      this.store.set({ lastNotices: notices, lastFeatures: [] });
    };
    const parts = changeIds.map((id) => changeRevertEdit(label, kind, id, editApi.revertChange, { undo: UNDO_REASON, redo: REDO_REASON }, collect));
    return {
      label,
      kind,
      async undo() {
        notices = [];
        for (const p of [...parts].reverse()) await p.undo();
        await reload();
      },
      async redo() {
        notices = [];
        for (const p of parts) await p.redo();
        await reload();
      },
    };
  }

  private checkNew(geometry: Polygon): Problem[] {
    const neighbours = this.featureIndex?.near(grow(turfBbox(geometry) as BBox)) ?? [];
    return quickCheck(geometry, { neighbours, parent: this.store.layer === 'grids' ? this.parentAt(geometry) : null });
  }

  private checkChanged(changed: GeometrySet, neighbours: AreaFeature[], preexisting: Set<number | string>): Problem[] {
    const problems: Problem[] = [];
    for (const [id, geometry] of changed) {
      const others = [this.featureIndex!.get(this.store.targetId ?? -1), ...neighbours]
        .filter((f): f is AreaFeature => !!f && f.id !== id)
        .map((f) => (changed.has(f.id) ? { ...f, geometry: changed.get(f.id)! } : f));
      const original = this.featureIndex!.get(id);
      const parentId = Number(original?.properties?.parentId ?? NaN);
      const pre = new Set(preexisting);
      if (original) for (const n of preexistingOverlaps(original.geometry, others)) pre.add(n);
      problems.push(...quickCheck(geometry, { neighbours: others, selfId: id, preexistingOverlap: pre, parent: this.store.layer === 'grids' ? this.parents.get(parentId) : null }));
    }
    return problems;
  }

  /** The community a new grid falls in (by a point on its surface). */
  private parentAt(geometry: Polygon | MultiPolygon): AreaFeature | null {
    const p = pointOnFeature(geometry as never).geometry.coordinates;
    for (const c of this.parents.values()) if (booleanPointInPolygon(p, c as Feature<Polygon | MultiPolygon>)) return c;
    return null;
  }

  /** Properties of a new feature: parent community (grids) or owning station (zones), code and name. */
  private async newFeatureProps(geometry: Polygon, opts: SaveOptions): Promise<Record<string, unknown> | null> {
    const layer = this.store.layer;
    if (layer === 'grids') {
      const parent = this.parentAt(geometry);
      if (!parent) {
        this.flash('error', 'edit.flash.noParent');
        return null;
      }
      const code = opts.code?.trim() || `${String(parent.properties?.code ?? 'G')}-N${Date.now() % 100000}`;
      return { code, name: opts.name?.trim() || code, parentId: Number(parent.id) };
    }
    const p = pointOnFeature(geometry as never).geometry.coordinates;
    const stations = await loadedFeatures(this.map, 'stations');
    // a police station draws its own zones; others get the station whose area holds the shape
    const viewer = currentViewer();
    const own = viewer?.role === 'police-station' ? Number(viewer.scope) : null;
    const station = own !== null ? stations.find((s) => Number(s.id) === own) : stations.find((s) => booleanPointInPolygon(p, s as Feature<Polygon | MultiPolygon>));
    if (!station) {
      this.flash('error', 'edit.flash.noStation');
      return null;
    }
    const code = opts.code?.trim() || `${String(station.properties?.code ?? 'Z')}-N${Date.now() % 100000}`;
    return { code, name: opts.name?.trim() || code, stationId: Number(station.id) };
  }

  private setProblems(problems: Problem[]): void {
    this.store.set({ problems });
    showProblems(this.map, problems);
  }

  private flash(kind: 'info' | 'success' | 'error', key: string, params: Record<string, unknown> = {}, text?: string): void {
    this.store.set({ flash: { kind, key, params, text } });
  }

  private syncUndo(): void {
    const s = this.undoStack;
    this.store.set({ canUndo: s.canUndo, canRedo: s.canRedo, undoLabel: s.nextUndo?.label ?? null, redoLabel: s.nextRedo?.label ?? null });
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z' && e.key.toLowerCase() !== 'y') return;
    e.preventDefault();
    if (e.key.toLowerCase() === 'y' || e.shiftKey) void this.redo();
    else void this.undo();
  }
}

/** A number property, or null when absent / not a number. */
function numOrNull(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** A drawn polygon as a render feature. */
function draftFeature(geometry: Polygon): RenderFeature {
  return { type: 'Feature', geometry, properties: { role: 'draft-polygon' } };
}

/** A bbox grown by 20 % (so neighbours just outside are checked too). */
function grow(b: BBox): BBox {
  const dx = (b[2] - b[0]) * 0.2 + 1e-5;
  const dy = (b[3] - b[1]) * 0.2 + 1e-5;
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy];
}

/** The loaded geometries of the changed features (what the plan compares against). */
function originalsOf(changed: GeometrySet, index: FeatureIndex): GeometrySet {
  return new Map([...changed.keys()].map((id) => [id, index.get(id)!.geometry]));
}
