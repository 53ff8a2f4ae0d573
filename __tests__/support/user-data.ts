/**
 * An instance's user data (`renderUserData` in modules/cloud-init.ts) read as a MIME reader reads
 * it: the boundary from its header, then each part's headers and body. The line break before a
 * boundary belongs to the boundary (RFC 2046 §5.1.1), so a body is exactly what was rendered.
 */
import { renderUserData, type UserDataProps } from "../../modules/cloud-init";

/** One part of a multipart user data document. */
export interface UserDataPart {
  /** The media type of the part's `Content-Type` header, e.g. `text/cloud-config`. */
  readonly contentType: string;
  readonly headers: readonly string[];
  readonly body: string;
}

/**
 * The parts of a multipart/mixed user data document, in order.
 * @throws Error when the document has no multipart header or does not end with the closing boundary
 */
export function userDataParts(userData: string): UserDataPart[] {
  const boundary = /^Content-Type: multipart\/mixed; boundary="([^"]+)"\n/.exec(userData)?.[1];
  if (boundary === undefined)
    throw new Error(`user data does not start with a multipart/mixed header: ${JSON.stringify(userData.slice(0, 80))}`);
  const [, ...parts] = userData.split(`\n--${boundary}`);
  const closing = parts.pop();
  if (closing !== "--\n") throw new Error(`user data does not end with its closing boundary: ${JSON.stringify(closing)}`);
  return parts.map((part) => {
    // A part is the rest of its boundary line (empty), its headers, an empty line, and its body.
    const end = part.indexOf("\n\n");
    const headers = part.slice(1, end).split("\n");
    const contentType = headers.map((header) => /^Content-Type: ([^;]+)/.exec(header)?.[1]).find((type) => type !== undefined) ?? "";
    return { contentType, headers, body: part.slice(end + 2) };
  });
}

/** The `#cloud-config` part of the user data rendered for `props`. */
export function renderedCloudConfig(props: UserDataProps): string {
  return partOf(props, "text/cloud-config");
}

/** The runner (`#!/bin/bash`) part of the user data rendered for `props`. */
export function renderedRunner(props: UserDataProps): string {
  return partOf(props, "text/x-shellscript");
}

function partOf(props: UserDataProps, contentType: string): string {
  const parts = userDataParts(renderUserData(props)).filter((part) => part.contentType === contentType);
  if (parts.length !== 1) throw new Error(`expected one ${contentType} part in the user data, found ${parts.length}`);
  return parts[0]?.body ?? "";
}
