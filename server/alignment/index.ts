/**
 * Alignment engine (issue 3): police zones (beats / aux-grids) against community grids.
 * Pure: no database, no HTTP. See docs/ALIGNMENT.md.
 */
export { analyzeAlignment } from './analyze.ts';
export { AlignmentIndex, DEFAULT_OPTIONS, featureId, type AlignmentChange } from './alignment-index.ts';
export { proposeRealign, unionOfGrids, type RealignProposal, type RealignZone } from './realign.ts';
export { scoreByGroups, type GroupScore } from './score.ts';
export { createLaea, type Projection } from './projection.ts';
export type * from './types.ts';
