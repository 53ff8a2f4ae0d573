/**
 * Makes literal text safe inside a Terraform string attribute, then puts references back in.
 * Terraform reads `${` as interpolation and `%{` as a template directive; their literal forms are `$${` and `%%{`.
 */
function escapeTerraformTemplate(text: string): string {
  // Replacer functions, not strings: in a replacement string "$$" itself means "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * User data as a plain Terraform string: the rendered text escaped, then each placeholder
 * replaced by its value (usually a cdktf token that resolves to a reference such as `${aws_s3_bucket.x.bucket}`).
 */
export function terraformUserData(rendered: string, placeholders: Readonly<Record<string, string>>): string {
  return Object.entries(placeholders).reduce(
    (text, [placeholder, value]) => text.split(placeholder).join(value),
    escapeTerraformTemplate(rendered),
  );
}
