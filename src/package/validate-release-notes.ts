/** Rules `release-notes` and `logo`: the resources the package ships beside the definitions. */
import { type Problem, problem } from './problem.ts';
import { isIsoDate } from './release-notes.ts';
import { LOGO_FILE, type ParsedSources, RELEASE_NOTES_FILE } from './source-files.ts';

export function validateReleaseNotes({ releaseNotes, integration }: ParsedSources): Problem[] {
  const problems = releaseNotes.flatMap((note, index): Problem[] => {
    const where = `${RELEASE_NOTES_FILE}[${index}]`;
    const faults = [
      isIsoDate(note.publish_time) ? '' : `publish_time "${note.publish_time}" is not YYYY-MM-DD`,
      note.description.trim() === '' ? 'the description is empty' : '',
      note.integration_version > integration.version
        ? `integration_version ${note.integration_version} is newer than the integration`
        : '',
    ];
    return faults
      .filter((fault) => fault !== '')
      .map((fault) => problem('release-notes', where, fault));
  });

  if (!releaseNotes.some((note) => note.integration_version === integration.version)) {
    const message = `no release note for the integration's version ${integration.version}`;
    problems.push(problem('release-notes', RELEASE_NOTES_FILE, message));
  }
  return problems;
}

export function validateLogo({ logo }: ParsedSources): Problem[] {
  const looksLikeSvg = /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(logo) && logo.includes('</svg>');
  return looksLikeSvg ? [] : [problem('logo', LOGO_FILE, 'is not an SVG image')];
}
