/**
 * Language tests on Content-Language (RFC 9110 §8.5). A rule names a language
 * by a BCP 47 tag or range (`de`, `de-AT`) or by its English name (`german`,
 * as the catalog allows); the test is RFC 4647 §3.3.1 basic filtering, case-
 * insensitive: `de` matches de, de-AT and de-CH-1996; `de-AT` matches de-AT
 * and de-AT-x-foo but not de.
 */

/** English names of ISO 639-1 languages, for rules that name a language in words. */
const englishNames: ReadonlyMap<string, string> = new Map([
  ["afrikaans", "af"], ["albanian", "sq"], ["arabic", "ar"], ["armenian", "hy"], ["basque", "eu"],
  ["belarusian", "be"], ["bengali", "bn"], ["bosnian", "bs"], ["bulgarian", "bg"], ["catalan", "ca"],
  ["chinese", "zh"], ["croatian", "hr"], ["czech", "cs"], ["danish", "da"], ["dutch", "nl"],
  ["english", "en"], ["esperanto", "eo"], ["estonian", "et"], ["finnish", "fi"], ["french", "fr"],
  ["galician", "gl"], ["georgian", "ka"], ["german", "de"], ["greek", "el"], ["hebrew", "he"],
  ["hindi", "hi"], ["hungarian", "hu"], ["icelandic", "is"], ["indonesian", "id"], ["irish", "ga"],
  ["italian", "it"], ["japanese", "ja"], ["kazakh", "kk"], ["korean", "ko"], ["latin", "la"],
  ["latvian", "lv"], ["lithuanian", "lt"], ["luxembourgish", "lb"], ["macedonian", "mk"], ["malay", "ms"],
  ["maltese", "mt"], ["norwegian", "no"], ["persian", "fa"], ["polish", "pl"], ["portuguese", "pt"],
  ["romanian", "ro"], ["russian", "ru"], ["serbian", "sr"], ["slovak", "sk"], ["slovenian", "sl"],
  ["spanish", "es"], ["swahili", "sw"], ["swedish", "sv"], ["tamil", "ta"], ["thai", "th"],
  ["turkish", "tr"], ["ukrainian", "uk"], ["urdu", "ur"], ["vietnamese", "vi"], ["welsh", "cy"],
]);

const languageRange = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/;

/** The language range a rule's argument stands for; undefined when it is neither a name nor a range. */
export function languageRangeOf(language: string): string | undefined {
  const lower = language.trim().toLowerCase();
  const named = englishNames.get(lower);
  if (named) return named;
  return languageRange.test(lower) ? lower : undefined;
}

/** Whether any of the tags falls within the language range (basic filtering). */
export function anyTagMatches(tags: readonly string[], language: string): boolean {
  const range = languageRangeOf(language);
  if (range === undefined) return false;
  return tags.some((tag) => {
    const lower = tag.toLowerCase();
    return lower === range || lower.startsWith(`${range}-`);
  });
}
