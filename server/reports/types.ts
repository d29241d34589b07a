import type { CoverageRow, Overload, Vacancy } from '../coverage/types.ts';

/** A grid merge or split in the month (from lineage), with the codes involved. */
export interface GridChange {
  changeId: number;
  at: string;
  kind: 'merge' | 'split';
  from: string[];
  to: string[];
  actor: string;
  reason: string;
}

/** A police room or post that became built/staffed in the month. */
export interface FacilityBuilt {
  id: number;
  kind: 'room' | 'post';
  code: string;
  name: string;
  status: string;
  on: string;
}

/** A notice, as the report lists it. */
export interface NoticeItem {
  id: number;
  title: string;
  status: string;
  createdAt: string | null;
  dueAt: string | null;
  resolvedAt: string | null;
}

/** The content of a monthly report (月报) of one county; frozen as JSON when filed. */
export interface MonthlyReport {
  county: { id: number | null; code: string; name: string };
  month: string;
  /** filed: a stored snapshot; draft: generated live from today's data; seed: a demo past month */
  status: 'filed' | 'draft' | 'seed';
  generatedAt: string;
  filedAt: string | null;
  filedBy: string | null;
  dueDate: string;
  /** the county's figures and one row per township */
  figures: CoverageRow;
  townships: CoverageRow[];
  changes: {
    gridMerges: GridChange[];
    gridSplits: GridChange[];
    /** null when there is no notices table */
    noticesRaised: NoticeItem[] | null;
    noticesResolved: NoticeItem[] | null;
    facilitiesBuilt: FacilityBuilt[];
    /** number of changes (commits) touching the county in the month */
    edits: number;
  };
  vacancies: Vacancy[];
  overloads: Overload[];
  /** open notices past their deadline; null when there is no notices table */
  overdue: NoticeItem[] | null;
}
