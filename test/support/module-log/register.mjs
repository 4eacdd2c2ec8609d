// `node --import ./register.mjs ...`: installs hooks.mjs before the program's own modules load.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
