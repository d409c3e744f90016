// Style sheets the map imports for their effect; the web apps' bundler (Vite) loads them with its chunk.
declare module '*.css';
