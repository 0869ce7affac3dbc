/** TODO(issue 5): Content Manager side panel placeholder (returns no panel). */
export const EntryMediaPanel = () => null;
