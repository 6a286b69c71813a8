/** A problem the user can fix (bad flag, bad configuration): printed as one message, exit code 2. */
export class UsageError extends Error {
    constructor(message) {
        super(message);
        this.name = 'UsageError';
    }
}
