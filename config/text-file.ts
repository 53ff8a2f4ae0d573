/**
 * Reads a text file whatever encoding a common tool saved it in: UTF-8 (with or without a byte
 * order mark, which editors add), and UTF-16LE or UTF-16BE with a byte order mark (Windows
 * PowerShell's `>` writes `terraform show -json` output as UTF-16LE with a BOM), and reads JSON files
 * so. Every reader of user files (config, review inputs and config, evaluate input) goes through here,
 * so that each accepts the same files; each words the failures for its own input.
 */
import { readFileSync } from "node:fs";

/**
 * Decodes bytes: a BOM decides (EF BB BF, FF FE, FE FF); without one, a first code unit whose high
 * byte is zero (`{` written as 7B 00) is UTF-16LE, one whose low byte is zero is UTF-16BE, else UTF-8.
 * JSON text starts with an ASCII character, so the BOM-less guess is safe for JSON (RFC 8259 §8.1).
 */
function decodeText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.subarray(3).toString("utf8");
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString("utf16le");
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return utf16be(buffer.subarray(2));
  if (buffer.length >= 2 && buffer[0] !== 0 && buffer[1] === 0) return buffer.toString("utf16le");
  if (buffer.length >= 2 && buffer[0] === 0 && buffer[1] !== 0) return utf16be(buffer);
  return buffer.toString("utf8");
}

/**
 * Reads a file (or a file descriptor, `0` for stdin) as text.
 * @throws the `fs` error when it cannot be read
 */
function readTextFile(path: string | number): string {
  return decodeText(readFileSync(path));
}

function utf16be(bytes: Buffer): string {
  const swapped = Buffer.alloc(bytes.length - (bytes.length % 2));
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1] ?? 0;
    swapped[i + 1] = bytes[i] ?? 0;
  }
  return swapped.toString("utf16le");
}

/** What reading a JSON file gave: its text and value, or why there is none. */
export type JsonFileRead =
  | { readonly kind: "ok"; readonly text: string; readonly value: unknown }
  /** The file cannot be read: the `fs` error's code (`ENOENT`, `EACCES`, …; `unreadable` without one) and message. */
  | { readonly kind: "unreadable"; readonly code: string; readonly message: string }
  /** The text is not JSON: the parser's message, and whether the file holds nothing but white space. */
  | { readonly kind: "invalid"; readonly message: string; readonly empty: boolean };

/** Reads a file (or a file descriptor, `0` for stdin) as JSON; never throws. */
export function readJsonFile(path: string | number): JsonFileRead {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (error) {
    return { kind: "unreadable", ...fsFailure(error) };
  }
  try {
    return { kind: "ok", text, value: JSON.parse(text) };
  } catch (error) {
    return { kind: "invalid", message: messageOf(error), empty: text.trim() === "" };
  }
}

/** The code (`ENOENT`, `EACCES`, …; `unreadable` without one) and message of a failed file system call. */
export function fsFailure(error: unknown): { readonly code: string; readonly message: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return { code: typeof code === "string" ? code : "unreadable", message: messageOf(error) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
