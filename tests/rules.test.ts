import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { DEFAULT_RULES_DIR, availableLanguages, loadLanguageRules, ruleFilesHash } from '../pipeline/rules/load.ts';
import { compileRules, ordinalValue } from '../pipeline/rules/compile.ts';

describe('the hash of a language\'s rule files', () => {
  it.each(availableLanguages())('%s: read from the files alone, the same as the loaded rules carry', (lang) => {
    expect(ruleFilesHash(lang)).toBe(loadLanguageRules(lang).hash);
  });
  it('changes with a file added, and with a file changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'resolex-hash-'));
    mkdirSync(join(dir, 'fr'));
    for (const f of readdirSync(join(DEFAULT_RULES_DIR, 'fr'))) copyFileSync(join(DEFAULT_RULES_DIR, 'fr', f), join(dir, 'fr', f));
    const before = ruleFilesHash('fr', dir);
    expect(before).toBe(ruleFilesHash('fr'));
    writeFileSync(join(dir, 'fr', 'notes.txt'), 'not a rule file');
    expect(ruleFilesHash('fr', dir)).toBe(before);
    writeFileSync(join(dir, 'fr', 'page.yaml'), 'furniture: []\n');
    const changed = ruleFilesHash('fr', dir);
    expect(changed).not.toBe(before);
    expect(changed).toBe(loadLanguageRules('fr', dir).hash);
  });
});

describe('rule files', () => {
  for (const lang of availableLanguages()) {
    it(`rules/${lang} validate`, () => {
      expect(() => loadLanguageRules(lang)).not.toThrow();
    });
  }

  const fr = compileRules('fr');
  const raw = fr.raw.files;

  it.each(raw['header.yaml']!.patterns.map((p) => [p.id, p.example] as const))('header pattern %s matches its example', (id, example) => {
    expect(fr.header.get(id)!.re.test(example)).toBe(true);
  });
  it.each(raw['header.yaml']!.bodies.map((b) => [b.id, b.example] as const))('body %s matches its example', (id, example) => {
    expect(fr.bodies.find((b) => b.id === id)!.re.test(example)).toBe(true);
  });
  it.each(raw['page.yaml']!.furniture.map((p) => [p.id, p.example] as const))('furniture %s matches its example', (id, example) => {
    expect(fr.furniture.find((p) => p.id === id)!.re.test(example)).toBe(true);
  });
  it.each(raw['openers.yaml']!.heads.map((h) => [h.id, h.example] as const))('opener rule %s reads its example', (id, example) => {
    const m = fr.openers.match(example);
    expect(m?.ruleId.endsWith(`#${id}`)).toBe(true);
  });
  it.each(raw['openers.yaml']!.heads.flatMap((h) => h.forms.map((f) => [f, h.role] as const)))('form %j is read as a %s head', (form, role) => {
    const m = fr.openers.match(`${form} le texte`);
    expect(m?.role).toBe(role);
  });

  it.each([
    ['Rappelant également l’accord,', 'Rappelant également', 'preamble'],
    ['RAPPELANT EN OUTRE les recommandations', 'RAPPELANT EN OUTRE', 'preamble'],
    ['Profondément préoccupée par la situation,', 'Profondément préoccupée', 'preamble'],
    ['Préoccupés par la situation,', 'Préoccupés', 'preamble'],
    ['Notant avec une vive préoccupation que', 'Notant avec une vive préoccupation', 'preamble'],
    ['Ayant également examiné le rapport', 'Ayant également examiné', 'preamble'],
    // an interposed sequence of two words, and one with no word after it (kept: it ends the text)
    ['Ayant de nouveau examiné le rapport', 'Ayant de nouveau examiné', 'preamble'],
    ['Rappelant également', 'Rappelant également', 'preamble'],
    ['Rappelant, à cet égard, sa résolution', 'Rappelant', 'preamble'],
    ['Considérant et réaffirmant que', 'Considérant et réaffirmant', 'preamble'],
    ['PRIE INSTAMMENT les pays membres', 'PRIE INSTAMMENT', 'operative'],
    ['SE FÉLICITE du rôle joué', 'SE FÉLICITE', 'operative'],
    ['Prend note avec satisfaction du rapport', 'Prend note avec satisfaction', 'operative'],
    ['Soutient et encourage les efforts', 'Soutient et encourage', 'operative'],
  ])('%j opens with %j', (text, opener, role) => {
    const m = fr.openers.match(text)!;
    expect(m.opener).toBe(opener);
    expect(m.role).toBe(role);
  });
  it.each([['Appui du système des Nations Unies'], ['Titre II'], ['La liste des orateurs']])('%j opens no clause', (text) => {
    expect(fr.openers.match(text)).toBeNull();
  });

  it.each([
    ['Soixante-dix-septième', 77],
    ['soixante et onzième', 71],
    ['Quatre-vingtième', 80],
    ['Cinquante-cinquième', 55],
    ['Centième', 100],
    ['Premier', 1],
  ])('ordinal %s is %d', (w, n) => {
    expect(ordinalValue(fr, w)).toBe(n);
  });

  function brokenCopy(file: string, text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'resolex-rules-'));
    mkdirSync(join(dir, 'fr'));
    for (const f of readdirSync(join(DEFAULT_RULES_DIR, 'fr'))) copyFileSync(join(DEFAULT_RULES_DIR, 'fr', f), join(dir, 'fr', f));
    writeFileSync(join(dir, 'fr', file), text);
    return dir;
  }

  it.each([
    ['page.yaml', 'furniture:\n  - id: bad\n    pattern: "(unclosed"\n    example: x\n    reason: y\n', /^rule-invalid: .*fr\/page\.yaml:3: rule 'bad': invalid pattern/],
    ['page.yaml', 'furniture:\n  - id: no-example\n    pattern: "x"\n    reason: y\n', /^rule-invalid: .*fr\/page\.yaml:2: rule 'no-example': furniture\.0\.example/],
    ['hyphenation.yaml', 'keep:\n  - id: a\n    forms: [x]\n    example: x\n    reason: y\n  - id: a\n    forms: [y]\n    example: y\n    reason: z\n', /^rule-invalid: .*fr\/hyphenation\.yaml:6: rule 'a': duplicate id/],
  ])('a broken %s is refused with file, line and rule id', (file, text, message) => {
    const dir = brokenCopy(file, text);
    expect(() => loadLanguageRules('fr', dir)).toThrow(message);
  });
});
