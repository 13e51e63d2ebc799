/** A command the server refuses: the workflow task fails with this cause, as Temporal does. */
export class CommandRejection extends Error {
  override readonly name = 'CommandRejection';
  constructor(
    /** temporal.api.enums.v1.WorkflowTaskFailedCause */
    override readonly cause: number,
    message: string,
  ) {
    super(message);
  }
}
