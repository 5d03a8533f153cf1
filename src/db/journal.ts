import journal from "../../drizzle/meta/_journal.json";

/** drizzle-kit's journal of the migrations in drizzle/, bundled with the code (Bun, binary and Workers alike). */
export const migrationJournal = journal;
