import { LAYER_STYLES, type LayerName } from '../map/layerConfig.ts';

/** The legend swatch of a layer, drawn like the map draws it. */
export function Swatch({ layer, fill }: { layer: LayerName; fill?: string }) {
  const s = LAYER_STYLES[layer];
  if (s.kind === 'point') {
    return <span className="swatch swatch-point" style={{ borderColor: s.color, background: fill ?? '#fff' }} aria-hidden />;
  }
  const style = {
    borderColor: s.color,
    borderStyle: s.dash ? 'dashed' : 'solid',
    borderWidth: Math.max(1.5, Math.min(2.5, s.lineWidth)),
    background: s.kind === 'fill' ? (s.fill ?? 'transparent') : 'transparent',
  };
  return <span className="swatch" style={style} aria-hidden />;
}
