/** JSON Pointers (RFC 6901), the addresses every JSON problem is reported at. */

/** Escapes one reference token: `~` becomes `~0`, `/` becomes `~1`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Joins a parent pointer and a child token: `("/services", 2)` → `/services/2`. */
export function childPointer(parent: string, token: string | number): string {
  return `${parent}/${escapePointerToken(String(token))}`;
}

/** Builds a pointer from its tokens; no tokens is the whole document (`""`). */
export function jsonPointer(...tokens: readonly (string | number)[]): string {
  return tokens.reduce<string>((pointer, token) => childPointer(pointer, token), "");
}

/** The pointer of the enclosing value, or undefined for the whole document. */
export function parentPointer(pointer: string): string | undefined {
  if (pointer === "") return undefined;
  return pointer.slice(0, pointer.lastIndexOf("/"));
}

/** How messages show a pointer: the whole document has the empty pointer, shown as `(root)`. */
export function displayPointer(pointer: string): string {
  return pointer === "" ? "(root)" : pointer;
}
