import { describe, expect, it } from 'vitest';
import { agreementOf, sharedAgreement } from '../src/ranking/agreement.js';
import { KeptRecords } from '../src/report/compact.js';
import type { FileResult } from '../src/report/model.js';

/**
 * A dossier's agreement facts (R10-1/R10-3 join them to its vendor's reports) are kept with its
 * result to the end of a run: one frozen record shared by every dossier stating the same mode and
 * dates, never a copy each (that copy was most of a batch's peak memory growth per dossier). Sharing
 * must never join a dossier to another's dates.
 */
const dossier = (mode: string, ...dates: string[]) => ({
  cooperation: {
    mode,
    approvals: [{ step: 'qualification_review', date: '2026-08-03' }, ...dates.map((date) => ({ step: 'agreement_signed', date }))],
  },
});

describe('agreement facts', () => {
  it('dossiers stating the same mode and dates share one frozen record', () => {
    const first = agreementOf(dossier('seat_outsourcing', '2026-09-18'));
    const second = agreementOf(dossier('seat_outsourcing', '2026-09-18'));
    expect(first).toEqual({ mode: 'seat_outsourcing', signed: ['2026-09-18'], licences: [] });
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first!.signed)).toBe(true);
  });

  it('other modes or dates are records of their own, each with what its dossier states', () => {
    const cases: Array<[string, string[]]> = [
      ['seat_outsourcing', ['2026-09-18']],
      ['business_cooperation', ['2026-09-18']],
      ['seat_outsourcing', ['2026-09-19']],
      ['seat_outsourcing', ['2026-09-18', '2026-09-19']],
      ['seat_outsourcing', []],
    ];
    const records = cases.map(([mode, dates]) => agreementOf(dossier(mode, ...dates)));
    records.forEach((record, i) => expect(record).toEqual({ mode: cases[i]![0], signed: cases[i]![1], licences: [] }));
    expect(new Set(records).size).toBe(cases.length);
  });

  it('texts that would run together as one key stay apart', () => {
    const pairs: Array<[string, string[], string, string[]]> = [
      ['seat_outsourcing\u00002026-09-18', [], 'seat_outsourcing', ['2026-09-18']],
      ['seat_outsourcing|2026-09-18', [], 'seat_outsourcing', ['2026-09-18']],
      ['seat_outsourcing|10:2026-09-18', [], 'seat_outsourcing', ['2026-09-18']],
      ['seat_outsourcing', ['2026-09-18|10:2026-09-19'], 'seat_outsourcing', ['2026-09-18', '2026-09-19']],
      ['seat_outsourcing', ['2026-09-18|2026-09-19'], 'seat_outsourcing', ['2026-09-18', '2026-09-19']],
    ];
    for (const [modeA, signedA, modeB, signedB] of pairs) {
      const a = sharedAgreement({ mode: modeA, signed: signedA, licences: [] });
      const b = sharedAgreement({ mode: modeB, signed: signedB, licences: [] });
      expect(a).not.toBe(b);
      expect(a).toEqual({ mode: modeA, signed: signedA, licences: [] });
      expect(b).toEqual({ mode: modeB, signed: signedB, licences: [] });
    }
  });

  it('licence terms are part of the record: dossiers with other expiries never share one, nor do texts that would run together', () => {
    const withLicences = (...licences: Array<{ kind: string; number: string; expires: string | null }>) => agreementOf({ ...dossier('seat_outsourcing', '2026-09-18'), vendor: { licenses: licences } });
    const a = withLicences({ kind: 'value_added_telecom', number: 'B2-1', expires: '2026-10-20' }, { kind: 'business_license', number: '1', expires: null });
    const b = withLicences({ kind: 'value_added_telecom', number: 'B2-1', expires: '2029-10-20' });
    const c = withLicences({ kind: 'value_added_telecom', number: 'B2-1', expires: '2026-10-20' });
    const d = withLicences({ kind: 'value_added_telecom#1', number: 'B2-1', expires: '2026-10-20' });
    // Only licences that expire: `expires: null` never lapses.
    expect(a!.licences).toEqual([{ kind: 'value_added_telecom', number: 'B2-1', expires: '2026-10-20' }]);
    expect(c).toBe(a);
    expect(b).not.toBe(a);
    expect(b!.licences).toEqual([{ kind: 'value_added_telecom', number: 'B2-1', expires: '2029-10-20' }]);
    expect(d).not.toBe(a);
    expect(Object.isFrozen(a!.licences) && Object.isFrozen(a!.licences[0])).toBe(true);
  });

  it("a result from a worker or the cache (a copy of the facts each) is kept with the shared record", () => {
    const facts = agreementOf(dossier('seat_outsourcing', '2026-09-18'))!;
    const fromWorker: FileResult = structuredClone({ file: 'd.yaml', kind: 'VendorDossier', status: 'pass', errors: [], warnings: [], outcomes: {}, agreement: facts });
    expect(fromWorker.agreement).not.toBe(facts);
    expect(new KeptRecords().result(fromWorker).agreement).toBe(facts);
  });

  it('past the bound of shared records each dossier keeps its own facts, still its own', () => {
    const day = (i: number) => new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10);
    for (let i = 0; i < 5000; i++) expect(agreementOf(dossier('business_cooperation', day(i)))).toEqual({ mode: 'business_cooperation', signed: [day(i)], licences: [] });
  });
});
