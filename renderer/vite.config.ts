// Builds the renderer (run as `vite build renderer`: this folder is the root). Relative asset
// paths, so the same bundle loads from Electron's file/app URL and from browser mode's server.
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500
  }
})
