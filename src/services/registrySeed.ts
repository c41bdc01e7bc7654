/**
 * The seed file (fixtures/registry/seed.yaml by default): reference data and a few registrations,
 * loaded in ONE transaction on the first start of an empty registry, created by `seed`. Loading
 * twice is impossible: a registry that holds any user is not empty.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { labDateOf, parseLabDateTime } from '../domain/labTime.ts';
import { parseSessionRef } from '../domain/sessionRef.ts';
import { ConfigError } from '../errors.ts';
import type { RegistrySource, RegistryWriter } from '../sources/registry/index.ts';
import { registerFilesIn } from './registerDatasets.ts';
import { applySeedSelections, seedSelectionsSchema } from './registrySeedSelections.ts';

export const SEED_CALLER = 'seed';

const text = z.string().trim().min(1);
const optional = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
const named = z.object({ name: text, description: optional });

const seedSchema = z.object({
  users: z
    .array(z.object({ username: text, email: optional, firstName: optional, lastName: optional }))
    .default([]),
  labs: z.array(z.object({ name: text, institution: optional, timezone: optional })).default([]),
  projects: z.array(named).default([]),
  procedures: z.array(named).default([]),
  waterTypes: z.array(named).default([]),
  dataRepositories: z.array(z.object({ name: text, dataUrl: optional })).default([]),
  datasetTypes: z
    .array(z.object({ name: text, filenamePattern: optional, description: optional }))
    .default([]),
  dataFormats: z
    .array(z.object({ name: text, fileExtension: z.string().regex(/^\.[^.]+$/), description: optional }))
    .default([]),
  subjects: z
    .array(
      z.object({
        mid: z.string().regex(/^\d{6,7}$/),
        lab: text,
        responsibleUser: text,
        sex: z.enum(['M', 'F', 'U']),
        species: z.string().default('mouse'),
        dateOfBirth: optional,
        deathDate: optional,
        strain: optional,
        genotype: optional,
        projects: z.array(text).default([]),
      }),
    )
    .default([]),
  sessions: z
    .array(
      z.object({
        subject: text,
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        number: z.number().int().min(1).max(999),
        startTime: text,
        endTime: optional,
        type: z.string().default('Experiment'),
        users: z.array(text).min(1),
        projects: z.array(text).default([]),
        procedures: z.array(text).default([]),
        taskProtocol: optional,
        location: optional,
        nTrials: z.number().int().nullish(),
        nCorrectTrials: z.number().int().nullish(),
      }),
    )
    .default([]),
  tags: z
    .array(z.object({ name: text, protected: z.boolean().default(false), description: optional }))
    .default([]),
  /** Registered in order, as registerDatasets calls; `tags` go on every file of the entry. */
  datasets: z
    .array(
      z.object({
        session: text,
        repository: optional,
        exists: z.boolean().default(true),
        default: z.boolean().default(true),
        files: z
          .array(
            z.object({
              relativePath: text,
              fileSize: z.number().int().nonnegative(),
              hash: optional,
              version: optional,
              qc: optional,
            }),
          )
          .min(1),
        tags: z.array(text).default([]),
      }),
    )
    .default([]),
  weighings: z
    .array(z.object({ subject: text, dateTime: text, weightG: z.number().positive(), user: text }))
    .default([]),
  waterAdministrations: z
    .array(
      z.object({
        subject: text,
        dateTime: text,
        volumeMl: z.number().positive().nullish(),
        adlib: z.boolean().default(false),
        waterType: z.string().default('Water'),
        user: text,
        session: optional,
      }),
    )
    .default([]),
  ...seedSelectionsSchema,
});

type Seed = z.infer<typeof seedSchema>;

async function readSeed(file: string): Promise<Seed> {
  try {
    return seedSchema.parse(parse(await readFile(file, 'utf8')));
  } catch (error) {
    const reason =
      error instanceof z.ZodError
        ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
        : String(error);
    throw new ConfigError('LABGRAPH_REGISTRY_SEED', `cannot load seed file ${file}: ${reason}`);
  }
}

function instant(value: string, zone: string): Date {
  const parsed = parseLabDateTime(value, zone);
  if ('problem' in parsed) throw new ConfigError('LABGRAPH_REGISTRY_SEED', parsed.problem);
  return parsed.instant;
}

async function applySeed(tx: RegistryWriter, seed: Seed, zone: string): Promise<void> {
  const by = SEED_CALLER;
  for (const user of seed.users) await tx.upsertUser(user, by);
  for (const lab of seed.labs) await tx.upsertLab(lab, by);
  for (const project of seed.projects) await tx.upsertNamed('projects', project, by);
  for (const procedure of seed.procedures) await tx.upsertNamed('procedures', procedure, by);
  for (const waterType of seed.waterTypes) await tx.upsertNamed('water_types', waterType, by);
  for (const repository of seed.dataRepositories) await tx.upsertDataRepository(repository, by);
  for (const datasetType of seed.datasetTypes) await tx.upsertDatasetType(datasetType, by);
  for (const dataFormat of seed.dataFormats) await tx.upsertDataFormat(dataFormat, by);
  for (const { dateOfBirth, ...subject } of seed.subjects) {
    await tx.insertSubject({ ...subject, birthDate: dateOfBirth }, by);
  }
  for (const session of seed.sessions) {
    await tx.upsertSession(
      {
        subjectMid: session.subject,
        date: session.date,
        number: session.number,
        lab: (await tx.subjects([session.subject]))[0]?.lab ?? '',
        startTime: instant(session.startTime, zone),
        endTime: session.endTime ? instant(session.endTime, zone) : null,
        type: session.type,
        taskProtocol: session.taskProtocol,
        location: session.location,
        nTrials: session.nTrials ?? null,
        nCorrectTrials: session.nCorrectTrials ?? null,
        json: null,
        users: session.users,
        projects: session.projects,
        procedures: session.procedures,
      },
      by,
    );
  }
  for (const weighing of seed.weighings) {
    await tx.insertWeighing(
      {
        subjectMid: weighing.subject,
        dateTime: instant(weighing.dateTime, zone),
        weightG: weighing.weightG,
        username: weighing.user,
      },
      by,
    );
  }
  for (const water of seed.waterAdministrations) {
    const key = water.session ? parseSessionRef(water.session) : null;
    const session = key ? await tx.sessionByKey(key.subject, key.date, key.idx + 1) : null;
    await tx.insertWaterAdministration(
      {
        subjectMid: water.subject,
        dateTime: instant(water.dateTime, zone),
        volumeMl: water.volumeMl ?? null,
        waterType: water.waterType,
        adlib: water.adlib,
        sessionId: session?.id ?? null,
        username: water.user,
      },
      by,
    );
  }
  await applySeedSelections(tx, seed, by);
}

/** Registers the seed's datasets as registerDatasets would; any refused file stops the seed. */
async function seedDatasets(tx: RegistryWriter, seed: Seed, zone: string): Promise<void> {
  for (const tag of seed.tags) await tx.upsertTag(tag, SEED_CALLER);
  const by = { user: SEED_CALLER, today: labDateOf(new Date(), zone) };
  for (const entry of seed.datasets) {
    const decision = await registerFilesIn(tx, { ...entry, atomic: true }, by);
    if ('rollback' in decision) {
      const reasons = decision.rollback.map((e) => `${e.field?.join('.') ?? ''}: ${e.message}`).join('; ');
      throw new ConfigError('LABGRAPH_REGISTRY_SEED', `datasets of ${entry.session}: ${reasons}`);
    }
    const ids = decision.commit.results.map((result) => result.datasetId).filter((id) => id !== null);
    await tx.tagDatasets(ids, entry.tags);
  }
}

/** Loads the seed into an empty registry; returns whether it did. */
export async function seedIfEmpty(registry: RegistrySource, file: string, zone: string): Promise<boolean> {
  if (!(await registry.isEmpty())) return false;
  const seed = await readSeed(file);
  await registry.write(SEED_CALLER, null, async (tx) => {
    await applySeed(tx, seed, zone);
    await seedDatasets(tx, seed, zone);
    return { commit: null };
  });
  return true;
}
