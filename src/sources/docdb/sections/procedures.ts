/** `procedures`: what was done to the subject (surgeries, injections…). */
import { z } from 'zod';
import { dayOf, idText, jsonOf, list, text, textOf } from './leaves.ts';

export interface SubjectProcedureView {
  procedureType: string | null;
  /** `YYYY-MM-DD`; null when missing or not a real day. */
  startDate: string | null;
  experimenterFullName: string | null;
  protocolId: string | null;
  iacucProtocol: string | null;
  /** The individual procedures as stored (JSON). */
  procedures: unknown;
}

export interface ProceduresView {
  subjectId: string | null;
  subjectProcedures: SubjectProcedureView[];
  notes: string | null;
}

const subjectProcedure = z
  .looseObject({
    procedure_type: text,
    start_date: text,
    experimenter_full_name: text,
    procedures: list(z.unknown()),
  })
  .transform(
    (p): SubjectProcedureView => ({
      procedureType: p.procedure_type ?? null,
      startDate: dayOf(p.start_date),
      experimenterFullName: p.experimenter_full_name ?? null,
      protocolId: textOf(p.protocol_id),
      iacucProtocol: textOf(p.iacuc_protocol),
      procedures: jsonOf(p.procedures),
    }),
  );

export const proceduresSection = z
  .looseObject({ subject_id: idText, subject_procedures: list(subjectProcedure), notes: text })
  .transform(
    (p): ProceduresView => ({
      subjectId: p.subject_id ?? null,
      subjectProcedures: p.subject_procedures ?? [],
      notes: p.notes ?? null,
    }),
  );
