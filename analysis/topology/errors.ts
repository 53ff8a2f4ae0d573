/** Thrown when the input is not Terraform JSON or plan JSON at all; the message is one line. */
export class TopologyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TopologyInputError";
  }
}
