/** A police station as the pickers list it. */
export interface StationChoice {
  id: number;
  code: string;
  name: string;
}

/** The `<option>`s of a station picker: "name (code)", keyed by id; the caller adds any blank option. */
export function StationOptions({ stations }: { stations: readonly StationChoice[] }) {
  return (
    <>
      {stations.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name} ({s.code})
        </option>
      ))}
    </>
  );
}
