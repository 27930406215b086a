/**
 * The port behind the detection rules' "first time" memory: facts about keys and principals, kept
 * where the Lambda can read them back (the incident table) or in memory. The rules themselves live in
 * sources/detection; providers implement this.
 */

/** One thing the baseline knows about a key or principal. */
export interface BaselineFact {
  subject: string;
  fact: string;
}

/** The one string a fact is stored and compared under. */
export const factKey = ({ subject, fact }: BaselineFact): string => `${subject}\n${fact}`;

export interface BaselineStore {
  /** Of `facts`, the `factKey`s of those first noted by an event other than `eventId`. */
  known(facts: readonly BaselineFact[], eventId: string): Promise<ReadonlySet<string>>;
  /** Notes `facts` as first seen in `eventId` at `at`; a fact noted before keeps its first event. */
  record(facts: readonly BaselineFact[], eventId: string, at: Date): Promise<void>;
}
