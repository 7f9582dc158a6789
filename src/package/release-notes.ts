/** Release notes: the source entries (release_notes.json) and the built `RN.json` list. */
import type { ReleaseNoteSource } from './source-files.ts';

export interface BuiltReleaseNote {
  ChangeDescription: string;
  Deprecated: boolean;
  New: boolean;
  ItemName: string;
  ItemType: string;
  /** Seconds since the epoch at the start of the publish day, UTC (mp's conversion). */
  PublishTime: number | null;
  Regressive: boolean;
  Removed: boolean;
  TicketNumber: string | null;
  IntroducedInIntegrationVersion: number;
}

/** mp's release-notes date rule: `YYYY-MM-DD`, and a day that exists. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;

  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

export function buildReleaseNotes(notes: readonly ReleaseNoteSource[]): BuiltReleaseNote[] {
  return notes.map((note) => ({
    ChangeDescription: note.description,
    Deprecated: note.deprecated ?? false,
    New: note.new ?? false,
    ItemName: note.item_name,
    ItemType: note.item_type,
    PublishTime: isIsoDate(note.publish_time) ? Date.parse(note.publish_time) / 1000 : null,
    Regressive: note.regressive ?? false,
    Removed: note.removed ?? false,
    TicketNumber: note.ticket_number ?? null,
    IntroducedInIntegrationVersion: note.integration_version,
  }));
}
