/**
 * `tracked_sessions.yaml` → tracked sessions (reference §1.1, §1.3). Structure: platform → project →
 * list of entries; an entry is a path, or a single-key map `{path: config}`. Every error names the line.
 *
 * Parsed as YAML 1.1 because the reference reads the file with PyYAML (1.1): `yes`/`no`/`True` are
 * booleans there, and we want the same values.
 *
 * Hostile files are refused with the file and line, never a crash: at most MAX_YAML_ALIASES aliases
 * (each alias is resolved by a walk of the document, and expanded aliases multiply: the billion
 * laughs), and the expansion of a config value is bounded by the same count (yaml's maxAliasCount).
 * Experiment days are ranked from a per-list index, so the whole read is O(n log n).
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLMap,
} from 'yaml';
import { experimentDayRanks } from '../../domain/experimentDays.ts';
import { parseSessionRef, type SessionRef, sessionIdOf } from '../../domain/sessionRef.ts';
import { BadUserInputError, SourceFileError } from '../../errors.ts';
import type { TrackedPlatform, TrackedSession } from './types.ts';

export interface ParsedTrackedYaml {
  /** One per session id, in file order (the first entry of a duplicated id wins). */
  sessions: TrackedSession[];
  warnings: string[];
}

type YamlPlatform = Exclude<TrackedPlatform, 'training_sheet'>;
const YAML_PLATFORMS: readonly YamlPlatform[] = ['ephys', 'behavior_with_sync', 'behavior'];

/**
 * Most aliases (`*name`) a tracked-sessions file may use, and the most a config value may expand to.
 * The lab's file uses none; a few are fine, thousands are an attack on the parser.
 */
export const MAX_YAML_ALIASES = 100;

/** Config keys present in the real file that the reference never reads: kept, not interpreted. */
const KNOWN_IGNORED_KEYS = new Set(['ephys_day', 'insertion_day', 'perturbation_day']);

interface EntryConfig {
  day: number | null;
  idx: number | null;
  notes: string;
  issues: string[];
  sessionKwargs: Record<string, unknown>;
  ignoredConfig: Record<string, unknown>;
}

interface RawEntry {
  path: string;
  line: number;
  /** The session the path names, before `idx` is applied (the rank rule uses these). */
  ref: SessionRef;
  config: EntryConfig;
}

/** Parses the whole file; throws SourceFileError at the first malformed spot. */
export function parseTrackedYaml(text: string, file: string, now: Date = new Date()): ParsedTrackedYaml {
  const reader = new YamlReader(text, file, now);
  return reader.read();
}

class YamlReader {
  private readonly lines = new LineCounter();
  private readonly doc: Document.Parsed;
  private readonly warnings: string[] = [];

  constructor(
    private readonly source: string,
    private readonly file: string,
    private readonly now: Date,
  ) {
    this.doc = parseDocument(source, { lineCounter: this.lines, version: '1.1', prettyErrors: true });
  }

  read(): ParsedTrackedYaml {
    const syntax = this.doc.errors[0];
    if (syntax)
      throw new SourceFileError(
        this.file,
        `line ${this.problemLine(syntax.pos[0])}`,
        summary(syntax.message),
      );
    for (const warning of this.doc.warnings)
      this.warn(this.problemLine(warning.pos[0]), summary(warning.message));
    this.checkAliasCount();
    const root = this.deref(this.doc.contents);
    if (root === null) return { sessions: [], warnings: this.warnings };
    const sessions: TrackedSession[] = [];
    const firstLineById = new Map<string, number>();
    for (const [platformKey, platformNode] of this.pairs(
      root,
      'the top level (platform → project → entries)',
    )) {
      const platform = this.platformOf(platformKey);
      if (platformNode === null) continue;
      for (const [project, list] of this.pairs(platformNode, `platform ${platform} (project → entries)`)) {
        if (list === null) continue;
        for (const session of this.readList(platform, project.value, list)) {
          const first = firstLineById.get(session.id);
          if (first !== undefined) {
            this.warn(
              lineOfOrigin(session),
              `${session.id} is listed again (first at line ${first}); the first entry wins`,
            );
            continue;
          }
          firstLineById.set(session.id, lineOfOrigin(session));
          sessions.push(session);
        }
      }
    }
    return { sessions, warnings: this.warnings };
  }

  private readList(platform: YamlPlatform, project: string, list: Node): TrackedSession[] {
    if (!isSeq(list)) {
      throw this.error(
        list,
        `project ${project} must be a list of entries (or empty), found ${describe(list)}`,
      );
    }
    const entries = list.items.map((item) => this.readEntry(item as Node));
    const rankOfDate = experimentDayRanks(entries.map((entry) => entry.ref));
    const isEphys = platform.includes('ephys');
    return entries.map((entry) => {
      const idx = entry.config.idx ?? entry.ref.idx;
      const key = { subject: entry.ref.subject, date: entry.ref.date, idx };
      return {
        id: sessionIdOf(key),
        ...key,
        project,
        platform,
        isEphys,
        isSync: isEphys || platform.includes('sync'),
        experimentDay: entry.config.day ?? rankOfDate(entry.ref),
        notes: entry.config.notes,
        issues: entry.config.issues,
        sessionKwargs: entry.config.sessionKwargs,
        ignoredConfig: entry.config.ignoredConfig,
        allenPath: entry.path,
        origin: { kind: 'yaml', file: this.file, line: entry.line },
        training: null,
      };
    });
  }

  private readEntry(item: Node): RawEntry {
    const node = this.deref(item);
    if (node === null) throw this.error(item, 'empty entry: expected a path or {path: config}');
    if (isScalar(node)) return this.entry(node, null);
    if (isMap(node)) {
      if (node.items.length !== 1) {
        throw this.error(
          node,
          `an entry must be a path or a single-key map {path: config}, found a map with ${node.items.length} keys (is the config indented under the path?)`,
        );
      }
      const pair = node.items[0];
      const key = pair?.key as Node | null;
      if (!key || !isScalar(key)) throw this.error(node, 'the key of an entry must be a path');
      return this.entry(key, this.deref(pair?.value as Node | null));
    }
    throw this.error(node, `an entry must be a path or {path: config}, found ${describe(node)}`);
  }

  private entry(pathNode: Node, configNode: Node | null): RawEntry {
    // A path is read as written: YAML 1.1 would turn a plain `366122_20210601` into a number.
    const value = isScalar(pathNode) ? (pathNode.source ?? pathNode.value) : undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      throw this.error(pathNode, `expected a session path, found ${describe(pathNode)}`);
    }
    let ref: SessionRef;
    try {
      ref = parseSessionRef(value, this.now);
    } catch (err) {
      if (err instanceof BadUserInputError) throw this.error(pathNode, err.message);
      throw err;
    }
    return { path: value, line: this.lineOf(pathNode), ref, config: this.readConfig(value, configNode) };
  }

  private readConfig(path: string, node: Node | null): EntryConfig {
    const config: EntryConfig = {
      day: null,
      idx: null,
      notes: '',
      issues: [],
      sessionKwargs: {},
      ignoredConfig: {},
    };
    if (node === null) return config;
    for (const [key, value] of this.pairs(node, `the config of ${path}`)) {
      const name = key.value;
      const at = value ?? key;
      switch (name) {
        case 'day':
          config.day = value === null ? null : this.integer(value, name, 1);
          break;
        case 'idx':
          config.idx = value === null ? null : this.integer(value, name, 0);
          break;
        case 'notes':
          config.notes = value === null ? '' : this.text(value, name);
          break;
        case 'issues':
          config.issues = value === null ? [] : this.textList(value, name);
          break;
        case 'session_kwargs':
          if (value !== null && !isMap(value)) {
            throw this.error(at, `session_kwargs must be a map, found ${describe(value)}`);
          }
          config.sessionKwargs = value === null ? {} : (this.toPlain(value) as Record<string, unknown>);
          break;
        default:
          config.ignoredConfig[name] = value === null ? null : this.toPlain(value);
          if (!KNOWN_IGNORED_KEYS.has(name))
            this.warn(this.lineOf(key), `unknown config key ${name} (ignored)`);
      }
    }
    return config;
  }

  /** Refuses a file with more than MAX_YAML_ALIASES aliases, at the line of the first one too many. */
  private checkAliasCount() {
    let count = 0;
    let excess: Node | null = null;
    visit(this.doc, {
      Alias: (_key, node) => {
        count += 1;
        if (count <= MAX_YAML_ALIASES) return undefined;
        excess = node;
        return visit.BREAK;
      },
    });
    if (excess !== null) {
      throw this.error(
        excess,
        `more than ${MAX_YAML_ALIASES} aliases (*name); a tracked-sessions file needs none, so this one is refused`,
      );
    }
  }

  /** A config value as plain JSON; aliases expanding past MAX_YAML_ALIASES are refused at its line. */
  private toPlain(node: Node): unknown {
    try {
      return plain(node.toJS(this.doc, { maxAliasCount: MAX_YAML_ALIASES }));
    } catch (err) {
      // yaml throws a ReferenceError for an excessive expansion (the billion laughs).
      if (err instanceof ReferenceError || err instanceof RangeError) {
        throw this.error(node, `this value expands too far through aliases (${err.message})`);
      }
      throw err;
    }
  }

  /** The pairs of a map node with string keys; values are dereferenced (null when empty). */
  private pairs(node: Node, what: string): [key: { value: string } & Node, value: Node | null][] {
    if (!isMap(node)) throw this.error(node, `${what} must be a map, found ${describe(node)}`);
    return (node as YAMLMap).items.map((pair) => {
      const key = pair.key as Node | null;
      if (!key || !isScalar(key) || typeof key.value !== 'string') {
        throw this.error(
          key ?? node,
          `keys of ${what} must be names, found ${key ? describe(key) : 'nothing'}`,
        );
      }
      return [key as { value: string } & Node, this.deref(pair.value as Node | null)];
    });
  }

  private platformOf(key: { value: string } & Node): YamlPlatform {
    const platform = YAML_PLATFORMS.find((p) => p === key.value);
    if (!platform) {
      throw this.error(key, `unknown platform ${key.value}; expected one of ${YAML_PLATFORMS.join(', ')}`);
    }
    return platform;
  }

  private integer(node: Node, name: string, min: number): number {
    const raw = isScalar(node) ? node.value : undefined;
    const n = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) {
      throw this.error(node, `${name} must be an integer ≥ ${min}, found ${describe(node)}`);
    }
    return n;
  }

  private text(node: Node, name: string): string {
    if (!isScalar(node) || node.value === null || typeof node.value === 'object') {
      throw this.error(node, `${name} must be text, found ${describe(node)}`);
    }
    return String(node.value);
  }

  private textList(node: Node, name: string): string[] {
    if (!isSeq(node)) throw this.error(node, `${name} must be a list, found ${describe(node)}`);
    return node.items.map((item) => {
      const value = this.deref(item as Node);
      if (value === null) throw this.error(item as Node, `${name} has an empty item`);
      return this.text(value, `each of ${name}`);
    });
  }

  /** Follows aliases; null for an absent or null-valued node. */
  private deref(node: Node | null | undefined): Node | null {
    if (node === null || node === undefined) return null;
    const resolved = isAlias(node) ? (node.resolve(this.doc) as Node | undefined) : node;
    if (!resolved || (isScalar(resolved) && resolved.value === null)) return null;
    return resolved;
  }

  /**
   * The line of the token nearest a syntax problem: yaml reports some problems at the whitespace after
   * the previous token (a duplicate key) or at the end of the file (an unclosed `[`), which would send
   * people to the wrong line.
   */
  private problemLine(offset: number): number {
    let at = offset;
    while (at < this.source.length && /\s/.test(this.source[at] ?? '')) at++;
    if (at >= this.source.length) {
      at = Math.min(offset, this.source.length) - 1;
      while (at > 0 && /\s/.test(this.source[at] ?? '')) at--;
    }
    return this.lines.linePos(Math.max(at, 0)).line;
  }

  private lineOf(node: Node): number {
    return this.lines.linePos(node.range?.[0] ?? 0).line;
  }

  private error(node: Node, message: string): SourceFileError {
    return new SourceFileError(this.file, `line ${this.lineOf(node)}`, message);
  }

  private warn(line: number, message: string) {
    this.warnings.push(`${this.file} (line ${line}): ${message}`);
  }
}

function lineOfOrigin(session: TrackedSession): number {
  return session.origin.kind === 'yaml' ? session.origin.line : 0;
}

/** YAML 1.1 timestamps become Date objects; keep kwargs JSON-shaped (ISO strings). */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function describe(node: Node): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    return typeof v === 'string' ? `text ${JSON.stringify(v)}` : `${typeof v} ${String(v)}`;
  }
  return 'something else';
}

/** yaml's message without its code excerpt and its own (sometimes misleading) position. */
function summary(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
