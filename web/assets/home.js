// The public first page: static text, translated.
import { publicPage } from './layout.js';

publicPage();
