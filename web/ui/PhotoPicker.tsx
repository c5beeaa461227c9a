import { useState } from 'react';
import { Image, Upload, type UploadFile } from 'antd';

/** What the server accepts (recognised there by the first bytes; this only filters the picker). */
const ACCEPT = 'image/jpeg,image/png,image/webp';

/** The files picked, in order, for uploading once the thing they belong to is saved. */
export function pickedFiles(list: UploadFile[]): File[] {
  return list.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => f !== undefined);
}

/**
 * A phone-friendly photo picker: big tiles, the camera or the gallery (the phone offers both),
 * nothing sent until the caller uploads pickedFiles(value) — a form never fails on a photo.
 */
export function PhotoPicker({ value, onChange, max, label }: { value: UploadFile[]; onChange: (list: UploadFile[]) => void; max: number; label: string }) {
  const [preview, setPreview] = useState<string>();
  return (
    <>
      <Upload
        listType="picture-card"
        accept={ACCEPT}
        multiple
        maxCount={max}
        fileList={value}
        beforeUpload={() => false}
        onChange={({ fileList }) => onChange(fileList.slice(0, max))}
        onPreview={(f) => setPreview(f.thumbUrl ?? f.url)}
      >
        {value.length < max && <span style={{ fontSize: 14 }}>+ {label}</span>}
      </Upload>
      {preview && <Image src={preview} style={{ display: 'none' }} preview={{ open: true, src: preview, onOpenChange: (open) => { if (!open) setPreview(undefined); } }} />}
    </>
  );
}

/**
 * Thumbnails of photos already saved (each url is served behind the session); tap to enlarge.
 * `size` is the square's side in px; `alt` says what the photos show, for screen readers.
 */
export function PhotoThumbs({ urls, size = 72, alt }: { urls: string[]; size?: number; alt?: string }) {
  if (urls.length === 0) return null;
  return (
    <Image.PreviewGroup>
      {urls.map((u) => (
        <Image key={u} src={u} alt={alt} width={size} height={size} style={{ objectFit: 'cover', borderRadius: 6, marginRight: 8 }} />
      ))}
    </Image.PreviewGroup>
  );
}
