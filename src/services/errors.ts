// Defined in the core, so importers (which may not import services) raise the same errors.
export { InputError, UsageError, type InputLocation } from '../core/errors.ts';
