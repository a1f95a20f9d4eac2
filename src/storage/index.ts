/** Storage adapters behind one Repository interface (DESIGN.md section 4). */
export {};
