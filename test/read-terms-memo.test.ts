import { describe, expect, it } from 'vitest';
import { readTerms } from '../src/glossary/read-terms.js';

// readTerms remembers each spelling it has folded (a batch writes the same few in every document):
// what it remembers must never change what a later document's value is read as.
describe('readTerms across documents', () => {
  it('reads the same spelling alike every time, a near miss stays as written, and a long spelling is still read', () => {
    const dossier = (handledBy: string) => ({ kind: 'VendorDossier', handled_by: handledBy, cooperation: { approvals: [{ step: '资质审核', departments: [handledBy] }] } });
    const padded = `${' '.repeat(70)}市分公司客服部`; // longer than what is remembered; spaces fold away
    for (let round = 0; round < 3; round++) {
      for (const [written, read] of [
        ['市分公司客服部', 'city_cs'],
        ['ＦＩＮＡＮＣＥ ＤＥＰＡＲＴＭＥＮＴ', 'finance'],
        ['市分公司客服部门', '市分公司客服部门'],
        [padded, 'city_cs'],
        ['city_cs', 'city_cs'],
      ] as const) {
        const data = dossier(written);
        readTerms('VendorDossier', data);
        expect(data.handled_by, `${written} (round ${round})`).toBe(read);
        expect(data.cooperation.approvals[0]!.departments[0]).toBe(read);
        expect(data.cooperation.approvals[0]!.step).toBe('qualification_review');
      }
    }
  });
});
